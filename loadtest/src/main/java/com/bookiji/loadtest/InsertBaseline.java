package com.bookiji.loadtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The same-run baseline: single-row INSERT transactions per second on the stack's own PostgreSQL
 * (its settings, its disk, the same CPU share), with as many JDBC clients as the benchmark has
 * requesters. Confirmed reservations/s ÷ this figure stays comparable across machines and across
 * the noise of other builds, where the raw rate does not. The table lives in a scratch schema of
 * the run, dropped afterwards.
 */
public final class InsertBaseline {

  /** @param schema the scratch schema, already dropped when this is returned */
  public record Figures(int clients, double seconds, long inserts, String schema) {
    public double insertsPerSecond() {
      return seconds > 0 ? inserts / seconds : Double.NaN;
    }
  }

  private final String jdbcUrl;
  private final Properties credentials;

  public InsertBaseline(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
  }

  /** The stack's PostgreSQL (port 15432 + offset, the launcher's superuser), database {@code postgres}. */
  public static InsertBaseline forStack(String host, int portOffset) {
    return new InsertBaseline("jdbc:postgresql://" + host + ":" + (15432 + portOffset) + "/postgres", "postgres", "postgres");
  }

  public static String scratchSchema() {
    return "loadtest_baseline_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Confirmed reservations per baseline insert transaction; NaN without a baseline. */
  public static double ratio(double confirmedPerSecond, double insertsPerSecond) {
    return insertsPerSecond > 0 ? confirmedPerSecond / insertsPerSecond : Double.NaN;
  }

  public Figures run(int clients, long durationNanos) throws Exception {
    String schema = scratchSchema();
    try (Connection admin = DriverManager.getConnection(jdbcUrl, credentials); Statement s = admin.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("CREATE TABLE " + schema + ".inserts (id bigserial PRIMARY KEY, client int NOT NULL, "
          + "payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
      try {
        long inserts = insertFor(schema, clients, durationNanos);
        return new Figures(clients, durationNanos / 1e9, inserts, schema);
      } finally {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** Every client inserts one row per transaction (autocommit) until the time is up. */
  private long insertFor(String schema, int clients, long durationNanos) throws Exception {
    List<Connection> connections = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
      Thread t = new Thread(r, "baseline-client");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < clients; i++) {
        connections.add(DriverManager.getConnection(jdbcUrl, credentials));
      }
      long end = System.nanoTime() + durationNanos;
      List<Future<Long>> counts = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        Connection c = connections.get(i);
        int client = i;
        counts.add(pool.submit(() -> insertUntil(c, schema, client, end)));
      }
      long total = 0;
      for (Future<Long> f : counts) {
        total += f.get(durationNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
      }
      return total;
    } finally {
      pool.shutdownNow();
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static long insertUntil(Connection c, String schema, int client, long endNanos) throws SQLException {
    long n = 0;
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema + ".inserts (client, payload) VALUES (?, ?)")) {
      while (System.nanoTime() < endNanos) {
        insert.setInt(1, client);
        insert.setString(2, "reservation-sized row " + n);
        insert.executeUpdate();
        n++;
      }
    }
    return n;
  }
}
