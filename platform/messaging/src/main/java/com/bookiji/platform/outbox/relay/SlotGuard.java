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
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the replication slot for the relay that holds the leadership lock.
 *
 * <p>The lock holder is the slot's only rightful reader. A backend still reading it is either a
 * connection of this relay that outlived its engine (Debezium's close did not finish, or an
 * instance lost the lock while its engine ran on — Debezium's replication connections are named
 * {@value #DEBEZIUM_STREAMING} and use the relay's database user), or something else (another
 * tool, an operator's {@code pg_recvlogical}). Only the first kind is terminated, and only by the
 * lock holder; anything else is reported and left alone.
 */
public final class SlotGuard {

  /** Debezium's fixed application name of its replication connection. */
  static final String DEBEZIUM_STREAMING = "Debezium Streaming";

  private static final Logger log = LoggerFactory.getLogger(SlotGuard.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /** The backend reading the slot, as pg_stat_activity shows it. */
  public record SlotHolder(int pid, String applicationName, String user, Instant backendStart,
      String clientAddress) {

    @Override
    public String toString() {
      return "pid " + pid + " (" + applicationName + ", user " + user + ", from " + clientAddress
          + ", since " + backendStart + ")";
    }
  }

  private final DataSource dataSource;
  private final String slotName;
  private final String relayUser;
  private final Clock clock;
  private final Counter terminated;

  public SlotGuard(DataSource dataSource, String slotName, String relayUser, Clock clock,
      MeterRegistry meters, String database) {
    this.dataSource = dataSource;
    this.slotName = slotName;
    this.relayUser = relayUser;
    this.clock = clock;
    this.terminated = new RelayMeters(meters, database).counter("bookiji.outbox.relay.slot.takeovers",
        "stale replication connections of this relay terminated by the lock holder to free its slot");
  }

  public long takeoverCount() { return (long) terminated.count(); }

  /** The backend reading the slot now, if any. */
  public Optional<SlotHolder> holder() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("""
            SELECT a.pid, a.application_name, a.usename, a.backend_start, a.client_addr::text
            FROM pg_replication_slots s JOIN pg_stat_activity a ON a.pid = s.active_pid
            WHERE s.slot_name = ? AND s.active""")) {
      ps.setString(1, slotName);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new SlotHolder(rs.getInt(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getString(5)));
      }
    }
  }

  /** The database's clock, to compare with its {@code backend_start}s. */
  public Instant databaseNow() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT clock_timestamp()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  /** Whether {@code holder} is a replication connection this relay left behind. */
  public boolean isStaleRelayConnection(SlotHolder holder) {
    return DEBEZIUM_STREAMING.equals(holder.applicationName()) && relayUser.equals(holder.user());
  }

  /**
   * Called only by the lock holder before its engine starts: frees the slot of a stale relay
   * connection (terminates it and waits up to {@code bound} for the slot to be released). Returns
   * the holder left in place when the slot is held by anything else, or empty when the slot is free.
   */
  public Optional<SlotHolder> takeOver(Duration bound, String why)
      throws SQLException, InterruptedException {
    Optional<SlotHolder> holder = holder();
    if (holder.isEmpty()) {
      return Optional.empty();
    }
    SlotHolder current = holder.get();
    if (!isStaleRelayConnection(current)) {
      log.warn("replication slot {} is read by {}, which is not this relay: left alone", slotName,
          current);
      return holder;
    }
    log.warn("replication slot {} is still read by a stale connection of this relay, {} ({}): "
        + "terminating it", slotName, current, why);
    terminate(current.pid());
    terminated.increment();
    Instant deadline = clock.instant().plus(bound);
    while (clock.instant().isBefore(deadline)) {
      Optional<SlotHolder> now = holder();
      if (now.isEmpty() || now.get().pid() != current.pid()) {
        return now.filter(h -> !isStaleRelayConnection(h));
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new IllegalStateException("replication slot " + slotName + " still read by " + current
        + " " + bound + " after it was terminated");
  }

  /**
   * After this relay closed its engine while still holding the lock: waits up to {@code bound}
   * for the engine's replication connection to end, then ends it itself.
   */
  public void ensureReleased(Duration bound) throws SQLException, InterruptedException {
    Instant deadline = clock.instant().plus(bound);
    while (clock.instant().isBefore(deadline)) {
      Optional<SlotHolder> holder = holder();
      if (holder.isEmpty() || !isStaleRelayConnection(holder.get())) {
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
    takeOver(bound, "the closed engine's connection did not end within " + bound);
  }

  /**
   * Called only by the lock holder after it gave up on an engine whose close did not finish:
   * terminates every Debezium connection of the relay's database user on this database (the
   * replication connection and the connector's query connection) opened before
   * {@code openedBefore} (the database's time when the current engine started; null when none
   * runs). No other instance may run an engine while this one holds the lock, so each of them is
   * a leftover. Returns how many were terminated.
   */
  public int terminateLeftoverConnections(Instant openedBefore) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("""
            SELECT pid, application_name, pg_terminate_backend(pid)
            FROM pg_stat_activity
            WHERE datname = current_database() AND usename = ? AND pid <> pg_backend_pid()
              AND application_name LIKE 'Debezium%'
              AND (?::timestamptz IS NULL OR backend_start < ?::timestamptz)""")) {
      ps.setString(1, relayUser);
      java.sql.Timestamp before = openedBefore == null ? null : java.sql.Timestamp.from(openedBefore);
      ps.setTimestamp(2, before);
      ps.setTimestamp(3, before);
      int count = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          count++;
          log.warn("terminated leftover connection pid {} ({}) of a closed engine on slot {}",
              rs.getInt(1), rs.getString(2), slotName);
        }
      }
      return count;
    }
  }

  private void terminate(int pid) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      ps.execute();
    }
  }
}
