package com.bookiji.platform.outbox.relay;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unrelayed backlog (rows in the outbox and the age of the oldest), read at most once a
 * second, as the gauges {@code bookiji.outbox.backlog} and {@code bookiji.outbox.relay.lag}.
 */
public final class OutboxBacklog {

  private static final Logger log = LoggerFactory.getLogger(OutboxBacklog.class);
  private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;
  private Instant sampledAt;
  private long rows;
  private Instant oldest;

  public OutboxBacklog(DataSource dataSource, String table, Clock clock, MeterRegistry meters,
      String database) {
    this.dataSource = dataSource;
    this.table = table;
    this.clock = clock;
    RelayMeters relayMeters = new RelayMeters(meters, database);
    relayMeters.gauge("bookiji.outbox.backlog", "outbox rows not yet relayed", this,
        OutboxBacklog::rows);
    relayMeters.gaugeInSeconds("bookiji.outbox.relay.lag",
        "seconds since the oldest unrelayed outbox row was written (0 when empty)", this,
        OutboxBacklog::oldestAgeSeconds);
  }

  public synchronized double rows() {
    sample();
    return rows;
  }

  public synchronized double oldestAgeSeconds() {
    return oldestAge().map(age -> age.toMillis() / 1000.0).orElse(0.0);
  }

  /** Age of the oldest row in the outbox; empty when the outbox is empty. */
  public synchronized Optional<Duration> oldestAge() {
    sample();
    if (oldest == null) {
      return Optional.empty();
    }
    Duration age = Duration.between(oldest, clock.instant());
    return Optional.of(age.isNegative() ? Duration.ZERO : age);
  }

  private void sample() {
    Instant now = clock.instant();
    if (sampledAt != null && now.isBefore(sampledAt.plus(SAMPLE_INTERVAL))) {
      return;
    }
    sampledAt = now;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT count(*), min(created_at) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      rows = rs.getLong(1);
      Timestamp ts = rs.getTimestamp(2);
      oldest = ts == null ? null : ts.toInstant();
    } catch (SQLException e) {
      log.debug("outbox backlog sample failed", e);
    }
  }
}
