package com.bookiji.platform.outbox.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's leadership: {@code pg_try_advisory_lock} on a dedicated session, held as a lease.
 *
 * <p>The lock dies with its session. A holder that dies closes it at once; a holder that is
 * frozen (SIGSTOP, a paused VM) or cut off keeps its TCP connection alive — the kernel answers
 * keep-alive probes for a stopped process — so the session is given {@code idle_session_timeout}
 * = {@code lease}: the holder renews it by validating the connection every second
 * ({@link #isHeld()}), and a holder that stops doing so loses the lock within the lease.
 */
public final class LeadershipLock {

  private static final Logger log = LoggerFactory.getLogger(LeadershipLock.class);

  private final RelayDatabase db;
  private final String lockName;
  private final Duration lease;
  private volatile Connection connection;

  public LeadershipLock(RelayDatabase db, String lockName, Duration lease) {
    this.db = db;
    this.lockName = lockName;
    this.lease = lease;
  }

  /** Takes (or confirms) the lock; false when another session holds it or the database is unreachable. */
  public boolean tryAcquire() throws SQLException {
    Connection c = connection;
    try {
      if (c == null || c.isClosed()) {
        c = connect();
        connection = c;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
        ps.setString(1, lockName);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getBoolean(1);
        }
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  /** Whether the lock session is still there; renews the lease. */
  public boolean isHeld() {
    Connection c = connection;
    if (c == null) {
      return false;
    }
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Gives the lock up and closes the session. */
  public void release() {
    Connection c = connection;
    if (c != null) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
        ps.execute();
      } catch (SQLException e) {
        log.debug("unlock", e);
      }
    }
    close();
  }

  /** Drops the session without a word, as a dying process would. */
  public void abort() {
    Connection c = connection;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException e) {
        log.debug("abort lock connection", e);
      }
    }
  }

  /** Closes the session (the server releases the lock with it). */
  public void close() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("close lock connection", e);
      }
    }
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", db.username());
    if (db.password() != null) {
      p.setProperty("password", db.password());
    }
    p.setProperty("ApplicationName", "bookiji-outbox-relay-lock");
    p.setProperty("tcpKeepAlive", "true");
    // A stalled server must not hold the supervisor forever: the lock connection fails and is
    // replaced instead (its queries are tiny).
    p.setProperty("connectTimeout", "10");
    p.setProperty("loginTimeout", "10");
    p.setProperty("socketTimeout", "30");
    Connection c = DriverManager.getConnection(db.jdbcUrl(), p);
    try (Statement st = c.createStatement()) {
      st.execute("SET idle_session_timeout = " + Math.max(1000, lease.toMillis()));
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
