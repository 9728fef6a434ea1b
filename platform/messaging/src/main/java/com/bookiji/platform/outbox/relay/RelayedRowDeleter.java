package com.bookiji.platform.outbox.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes outbox rows the broker acknowledged, and counts what it deleted.
 *
 * <p>Logical decoding can hand a committed transaction to the relay before that commit is visible
 * to other sessions (the commit record is in the WAL before the committing backend leaves the set
 * of running transactions), so a {@code DELETE} issued right after the broker's acknowledgement
 * may not see the row. An id the {@code DELETE} missed is retried with fresh statements and
 * exponential backoff while its row is still there or its transaction is not yet visible to a new
 * snapshot, up to {@code deleteRetryBound}; whatever is left then is counted, logged and left to
 * {@link StrandedRowRecovery}, which publishes and deletes old rows again.
 */
public final class RelayedRowDeleter {

  private static final Logger log = LoggerFactory.getLogger(RelayedRowDeleter.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

  /** A relayed row: its id and the id of the transaction that inserted it (null when unknown). */
  public record RelayedRow(String id, Long transactionId) { }

  private final DataSource dataSource;
  private final String table;
  private final Duration retryBound;
  private final Clock clock;
  private final Counter retries;
  private final Counter leftBehind;

  public RelayedRowDeleter(DataSource dataSource, String table, Duration retryBound, Clock clock,
      MeterRegistry meters, String database) {
    this.dataSource = dataSource;
    this.table = table;
    this.retryBound = retryBound;
    this.clock = clock;
    RelayMeters relayMeters = new RelayMeters(meters, database);
    this.retries = relayMeters.counter("bookiji.outbox.relay.delete.retries",
        "relayed outbox rows a DELETE missed on its first try and that were tried again");
    this.leftBehind = relayMeters.counter("bookiji.outbox.relay.undeleted",
        "relayed outbox rows still present after the delete retry bound (left to the stranded-row recovery)");
  }

  /**
   * Deletes the rows and returns the ids still in the table after the retry bound (normally none).
   *
   * @throws InterruptedException when the calling thread is interrupted while backing off
   */
  public Set<String> delete(List<RelayedRow> rows) throws InterruptedException {
    if (rows.isEmpty()) {
      return Set.of();
    }
    Map<String, RelayedRow> missing = new LinkedHashMap<>();
    rows.forEach(row -> missing.put(row.id(), row));
    try {
      missing.keySet().removeAll(deleteReturningIds(missing.keySet()));
      if (missing.isEmpty()) {
        return Set.of();
      }
      retries.increment(missing.size());
      Instant deadline = clock.instant().plus(retryBound);
      Duration backoff = FIRST_BACKOFF;
      while (true) {
        Set<String> settled = settledBeforeDelete(missing.values());
        missing.keySet().removeAll(deleteReturningIds(missing.keySet()));
        Set<String> stillThere = existing(missing.keySet());
        // Neither deleted nor there, though its insert is visible to a fresh snapshot: an earlier
        // delete (before a restart re-streamed it) already removed it.
        missing.keySet().removeIf(id -> settled.contains(id) && !stillThere.contains(id));
        if (missing.isEmpty() || !clock.instant().isBefore(deadline)) {
          break;
        }
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
            : backoff.multipliedBy(2);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete relayed outbox rows", e);
    }
    if (!missing.isEmpty()) {
      leftBehind.increment(missing.size());
      log.warn("{} relayed outbox row(s) still present after {}: {} (the stranded-row recovery "
          + "publishes and deletes them again)", missing.size(), retryBound, missing.keySet());
    }
    return Set.copyOf(missing.keySet());
  }

  public long retriedCount() { return (long) retries.count(); }

  public long undeletedCount() { return (long) leftBehind.count(); }

  private Set<String> deleteReturningIds(Set<String> ids) throws SQLException {
    return idsOf("DELETE FROM " + table + " WHERE id = ANY (?::uuid[]) RETURNING id::text", ids);
  }

  private Set<String> existing(Set<String> ids) throws SQLException {
    return idsOf("SELECT id::text FROM " + table + " WHERE id = ANY (?::uuid[])", ids);
  }

  /** Runs {@code sql} (one parameter: the ids) in a transaction of its own; the ids it returns. */
  private Set<String> idsOf(String sql, Set<String> ids) throws SQLException {
    Set<String> returned = new HashSet<>();
    if (ids.isEmpty()) {
      return returned;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          returned.add(rs.getString(1));
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    return returned;
  }

  /**
   * The ids whose inserting transaction a snapshot taken now sees as committed; a row of such a
   * transaction that a later statement does not find is gone for good.
   */
  private Set<String> settledBeforeDelete(Iterable<RelayedRow> rows) throws SQLException {
    Set<String> settled = new HashSet<>();
    List<RelayedRow> withTransaction = new ArrayList<>();
    for (RelayedRow row : rows) {
      if (row.transactionId() == null) {
        settled.add(row.id());
      } else {
        withTransaction.add(row);
      }
    }
    if (withTransaction.isEmpty()) {
      return settled;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("""
            SELECT s.xmax::text::bigint, x::text::bigint
            FROM (SELECT pg_current_snapshot() AS snap) cur,
                 LATERAL (SELECT pg_snapshot_xmax(cur.snap) AS xmax) s
                 LEFT JOIN LATERAL pg_snapshot_xip(cur.snap) AS x ON true""")) {
      long xmax = 0;
      Set<Long> running = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          xmax = rs.getLong(1);
          long xip = rs.getLong(2);
          if (!rs.wasNull()) {
            running.add(xip);
          }
        }
      }
      for (RelayedRow row : withTransaction) {
        long xid = fullTransactionId(row.transactionId(), xmax);
        if (xid < xmax && !running.contains(xid)) {
          settled.add(row.id());
        }
      }
    }
    return settled;
  }

  /**
   * Debezium reports the 32-bit transaction id of pgoutput; a snapshot speaks 64-bit ids (epoch in
   * the high half). The transaction is recent, so it belongs to the epoch of the snapshot's xmax,
   * or to the one before when its low half lies far above xmax's.
   */
  static long fullTransactionId(long transactionId, long snapshotXmax) {
    if (transactionId > 0xFFFF_FFFFL) {
      return transactionId;
    }
    long candidate = (snapshotXmax & ~0xFFFF_FFFFL) | transactionId;
    if (candidate > snapshotXmax + (1L << 31) && candidate >= (1L << 32)) {
      candidate -= 1L << 32;
    }
    return candidate;
  }
}
