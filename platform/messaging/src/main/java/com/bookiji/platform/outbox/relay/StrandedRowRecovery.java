package com.bookiji.platform.outbox.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds outbox rows the stream will never deliver again, and delivers them.
 *
 * <p>Two ways a committed row can be stranded:
 * <ul>
 *   <li><b>The slot was re-created</b> (fail-over, restore, a dropped slot) while
 *       {@code relay_offsets} survived: a new slot starts at the current WAL position, so rows
 *       committed before it are never decoded. Before the engine starts, a missing slot or a slot
 *       whose confirmed position lies beyond the stored offsets clears the stored offsets, and the
 *       engine (snapshot mode {@code initial}) snapshots the outbox — which holds exactly what is
 *       unrelayed — ordered by {@code created_at}, then streams on.</li>
 *   <li><b>A relayed row was not deleted</b> ({@link RelayedRowDeleter} gave up, or the process died
 *       between the broker's acknowledgement and the delete after offsets moved on): the
 *       periodic sweep publishes rows older than {@code strandedAfter} behind what the stream has
 *       already delivered, in {@code created_at} order, then deletes them.</li>
 * </ul>
 * Both may publish a row twice; consumers' inboxes absorb the duplicate (same eventId).
 */
public final class StrandedRowRecovery {

  private static final Logger log = LoggerFactory.getLogger(StrandedRowRecovery.class);
  private static final Pattern LSN_FIELD = Pattern.compile("\"lsn[a-z_]*\"\\s*:\\s*(\\d+)");
  private static final int SWEEP_BATCH = 500;

  private final DataSource dataSource;
  private final String table;
  private final String slotName;
  private final String relayName;
  private final Duration strandedAfter;
  private final RelayedRowDeleter deleter;
  private final Counter slotRecoveries;
  private final Counter republished;

  public StrandedRowRecovery(DataSource dataSource, String table, String slotName,
      String relayName, Duration strandedAfter, RelayedRowDeleter deleter, MeterRegistry meters,
      String database) {
    this.dataSource = dataSource;
    this.table = table;
    this.slotName = slotName;
    this.relayName = relayName;
    this.strandedAfter = strandedAfter;
    this.deleter = deleter;
    RelayMeters relayMeters = new RelayMeters(meters, database);
    this.slotRecoveries = relayMeters.counter("bookiji.outbox.relay.slot.recoveries",
        "engine starts that found the replication slot re-created behind the stored offsets and re-snapshotted the outbox");
    this.republished = relayMeters.counter("bookiji.outbox.relay.stranded.republished",
        "outbox rows published again by the stranded-row sweep");
  }

  public Duration strandedAfter() { return strandedAfter; }

  /**
   * Before an engine start: when stored offsets exist but the slot does not, or the slot's
   * confirmed position lies beyond them, the offsets are cleared so the engine snapshots the
   * outbox. Returns whether it did.
   */
  public boolean resetOffsetsIfSlotWasRecreated() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      OptionalLong stored = storedLsn(c);
      if (stored.isEmpty()) {
        return false; // first start: the engine snapshots anyway
      }
      OptionalLong slot = slotConfirmedLsn(c);
      String reason;
      if (slot.isEmpty()) {
        reason = "replication slot " + slotName + " does not exist";
      } else if (slot.getAsLong() > stored.getAsLong()) {
        reason = "replication slot " + slotName + " confirmed position " + slot.getAsLong()
            + " is beyond the stored offset " + stored.getAsLong() + " (re-created)";
      } else {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM relay_offsets WHERE relay_name = ?")) {
        ps.setString(1, relayName);
        ps.executeUpdate();
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      slotRecoveries.increment();
      log.warn("outbox relay {}: {}; rows committed before the slot would never be decoded, so the "
          + "stored offsets were cleared and the outbox is snapshotted again", relayName, reason);
      return true;
    }
  }

  private OptionalLong storedLsn(Connection c) throws SQLException {
    long max = -1;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT offset_value FROM relay_offsets WHERE relay_name = ?")) {
      ps.setString(1, relayName);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byte[] value = rs.getBytes(1);
          if (value == null) {
            continue;
          }
          Matcher m = LSN_FIELD.matcher(new String(value, StandardCharsets.UTF_8));
          while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(1)));
          }
        }
      }
    }
    return max < 0 ? OptionalLong.empty() : OptionalLong.of(max);
  }

  private OptionalLong slotConfirmedLsn(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT (confirmed_flush_lsn - '0/0'::pg_lsn)::bigint FROM pg_replication_slots
        WHERE slot_name = ? AND database = current_database()""")) {
      ps.setString(1, slotName);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return OptionalLong.empty();
        }
        long lsn = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.of(0) : OptionalLong.of(lsn);
      }
    }
  }

  /**
   * Publishes and deletes rows written more than {@code strandedAfter} before {@code streamedUpTo}
   * (the commit time the stream has delivered up to): the stream has passed them, so they are
   * stranded. Returns how many it published.
   */
  public int sweep(KafkaProducer<String, byte[]> producer, Instant streamedUpTo)
      throws SQLException, InterruptedException {
    Instant cutoff = streamedUpTo.minus(strandedAfter);
    List<OutboxRecord> stranded = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + OutboxRecord.COLUMNS + " FROM "
            + table + " WHERE created_at < ? ORDER BY created_at, id LIMIT " + SWEEP_BATCH)) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stranded.add(OutboxRecord.fromRow(rs));
        }
      }
    }
    if (stranded.isEmpty()) {
      return 0;
    }
    List<Future<RecordMetadata>> sends = new ArrayList<>(stranded.size());
    for (OutboxRecord row : stranded) {
      sends.add(producer.send(row.toProducerRecord()));
    }
    Acknowledgements.await(producer, sends, "Kafka did not acknowledge a stranded outbox record; "
        + "the next sweep tries again");
    republished.increment(stranded.size());
    log.warn("outbox relay {}: published {} stranded outbox row(s) older than {} again",
        relayName, stranded.size(), cutoff);
    deleter.delete(stranded.stream()
        .map(row -> new RelayedRowDeleter.RelayedRow(row.id(), null)).toList());
    return stranded.size();
  }
}
