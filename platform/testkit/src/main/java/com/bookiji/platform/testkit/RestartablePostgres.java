package com.bookiji.platform.testkit;

import com.bookiji.platform.postgres.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL 17 server of one test's own (the shared one must stay up for everyone else), which
 * the test can {@link #stop()} and {@link #start()} again on the same port and data directory —
 * an outage as a service sees it: refused connections, broken sessions, then the same data back.
 * Configured like the shared server (logical decoding on, so a relay can run against it).
 */
public final class RestartablePostgres implements AutoCloseable {

  private final Path dataDirectory;
  private volatile int port;
  private volatile EmbeddedPostgres server;

  private RestartablePostgres(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /** Initialises a data directory and starts the server on a free port. */
  public static RestartablePostgres startNew() {
    try {
      Path data = Files.createTempDirectory("bookiji-restartable-pg");
      // initdb and postgres run as "nobody" when the tests run as root
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
      RestartablePostgres pg = new RestartablePostgres(data);
      pg.start();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server (again) on its port with its data directory. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      EmbeddedPostgres.Builder builder = PostgresBinaries.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setServerConfig("wal_level", "logical")
          .setServerConfig("max_replication_slots", "8")
          .setServerConfig("max_wal_senders", "8")
          .setServerConfig("max_connections", "100")
          .setServerConfig("fsync", "off")
          .setServerConfig("full_page_writes", "off")
          .setPGStartupWait(Duration.ofSeconds(60));
      if (port != 0) {
        builder.setPort(port);
      }
      server = builder.start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
    }
  }

  /** Shuts the server down (fast mode: sessions are ended, connections refused from then on). */
  public synchronized void stop() {
    EmbeddedPostgres running = server;
    server = null;
    if (running != null) {
      try {
        running.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public int port() {
    return port;
  }

  /** A new database on this server (user and password {@code postgres}). */
  public TestDatabase createDatabase(String name) {
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return new TestDatabase(name, "jdbc:postgresql://localhost:" + port + "/" + name,
        "postgres", "postgres");
  }

  @Override
  public void close() {
    stop();
  }
}
