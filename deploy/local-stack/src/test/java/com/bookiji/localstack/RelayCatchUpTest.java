package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The relay step of {@code up} against a service played by a small HTTP server that answers
 * {@code /actuator/health} and {@code /actuator/prometheus} as the platform's relay does.
 */
@DisplayName("up waits for the outbox relays")
class RelayCatchUpTest {

  private final java.util.List<HttpServer> servers = new java.util.ArrayList<>();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final AtomicInteger scrapes = new AtomicInteger();

  @AfterEach
  void stop() {
    servers.forEach(server -> server.stop(0));
  }

  /** A service whose relay health and gauges are given per scrape number (1, 2, ...). */
  private String service(String role, boolean streaming, String lastError, IntFunction<double[]> backlogAndLag) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    servers.add(server);
    server.createContext("/actuator/health", exchange -> respond(exchange, 200, """
        {"status":"UP","components":{"outboxRelay":{"status":"UP","details":{"role":"%s","streaming":%s,"slot":"bookiji_outbox_x","relayed":3%s}}}}
        """.formatted(role, streaming, lastError.isEmpty() ? "" : ",\"lastError\":\"" + lastError + "\"")));
    server.createContext("/actuator/prometheus", exchange -> {
      double[] figures = backlogAndLag.apply(scrapes.incrementAndGet());
      respond(exchange, 200, """
          # HELP bookiji_outbox_backlog outbox rows not yet relayed
          # TYPE bookiji_outbox_backlog gauge
          bookiji_outbox_backlog{application="x",database="x"} %s
          # TYPE bookiji_outbox_relay_lag_seconds gauge
          bookiji_outbox_relay_lag_seconds{application="x",database="x"} %s
          """.formatted(figures[0], figures[1]));
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private RelayCatchUp catchUp(String base, Duration bound) {
    return new RelayCatchUp(Map.of("availability-service", base), bound, Duration.ofMillis(50),
        new PrintStream(output, true, StandardCharsets.UTF_8), name -> true);
  }

  @Test
  @DisplayName("with several instances of a service, one that streams is enough: the others stand by by design")
  void oneStreamingInstancePerService() throws Exception {
    String standby = service("STANDBY", false, "", n -> new double[] {0, 0});
    String active = service("ACTIVE", true, "", n -> new double[] {0, 0});

    RelayCatchUp.ofInstances(Map.of("availability-service", java.util.List.of(standby, active)), Duration.ofSeconds(30),
        Duration.ofMillis(50), new PrintStream(output, true, StandardCharsets.UTF_8), url -> true).await();

    assertThat(output.toString(StandardCharsets.UTF_8)).contains("every relay streams");
  }

  @Test
  @DisplayName("with several instances of a service and none streaming, the failure names each instance")
  void noInstanceStreams() throws Exception {
    String first = service("STANDBY", false, "", n -> new double[] {0, 0});
    String second = service("STANDBY", false, "", n -> new double[] {0, 0});

    assertThatThrownBy(() -> RelayCatchUp.ofInstances(Map.of("availability-service", java.util.List.of(first, second)),
        Duration.ofSeconds(1), Duration.ofMillis(50), new PrintStream(output, true, StandardCharsets.UTF_8), url -> true).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("availability-service: " + first + ": relay stands by")
        .hasMessageContaining("; " + second + ": relay stands by");
  }

  @Test
  @DisplayName("reports ready only once the rows left by an earlier run are relayed")
  void waitsForEarlierBacklog() throws Exception {
    // Scrapes 1-5: two rows written ten minutes ago; then the relay has sent them.
    String base = service("ACTIVE", true, "", n -> n <= 5 ? new double[] {2, 600} : new double[] {0, 0});

    catchUp(base, Duration.ofSeconds(30)).await();

    assertThat(scrapes.get()).as("scrapes until the backlog was relayed").isGreaterThanOrEqualTo(6);
    assertThat(output.toString(StandardCharsets.UTF_8)).contains("every relay streams, the backlog of earlier runs is relayed");
  }

  @Test
  @DisplayName("does not wait for rows written after it started (new traffic)")
  void newRowsDoNotCount() throws Exception {
    long[] firstScrape = new long[1];
    String base = service("ACTIVE", true, "", n -> {
      if (n == 1) {
        firstScrape[0] = System.nanoTime();
      }
      return new double[] {5, (System.nanoTime() - firstScrape[0]) / 1e9};
    });

    catchUp(base, Duration.ofSeconds(30)).await();

    assertThat(output.toString(StandardCharsets.UTF_8)).contains("every relay streams");
  }

  @Test
  @DisplayName("fails after the bound, naming the service, the rows and their age, when an old row is never relayed")
  void oldRowNeverRelayed() throws Exception {
    String base = service("ACTIVE", true, "", n -> new double[] {1, 500});

    assertThatThrownBy(() -> catchUp(base, Duration.ofSeconds(1)).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not catch up within 1 s")
        .hasMessageContaining("availability-service: relay streams; 1 outbox row(s) waiting, the oldest written 500 s ago")
        .hasMessageContaining("--relay-timeout");
  }

  @Test
  @DisplayName("fails at once, naming the service, when its process is gone (killed while up waited), not after the bound")
  void processGone() throws Exception {
    String base = service("ACTIVE", true, "", n -> new double[] {0, 0});
    servers.forEach(s -> s.stop(0)); // the service no longer answers
    AtomicInteger asked = new AtomicInteger();
    RelayCatchUp catchUp = new RelayCatchUp(Map.of("availability-service", base), Duration.ofMinutes(10),
        Duration.ofMillis(50), new PrintStream(output, true, StandardCharsets.UTF_8),
        name -> asked.incrementAndGet() < 3); // alive for two polls, then killed

    long started = System.nanoTime();
    assertThatThrownBy(catchUp::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("availability-service is not running any more")
        .hasMessageContaining("./bookiji logs availability-service");
    assertThat(asked.get()).as("the liveness was asked on each unanswered poll until the process was gone").isEqualTo(3);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("well before the 10-minute bound").isLessThan(Duration.ofMinutes(1));
  }

  @Test
  @DisplayName("fails after the bound when the relay holds the lock but does not stream, with its last error")
  void notStreaming() throws Exception {
    String base = service("ACTIVE", false, "replication slot is active for PID 42", n -> new double[] {0, 0});

    assertThatThrownBy(() -> catchUp(base, Duration.ofSeconds(1)).await())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("availability-service: relay does not stream (role ACTIVE, last error: replication slot is active for PID 42)");
  }

  @Test
  @DisplayName("fails after the bound when another process holds the relay lock, and says so")
  void standby() throws Exception {
    String base = service("STANDBY", false, "", n -> new double[] {0, 0});

    assertThatThrownBy(() -> catchUp(base, Duration.ofSeconds(1)).await())
        .hasMessageContaining("another process holds this database's relay lock");
  }

  @Test
  @DisplayName("reads a gauge over its series from the Prometheus text format")
  void gauge() {
    String text = """
        # TYPE bookiji_outbox_backlog gauge
        bookiji_outbox_backlog{database="a"} 2.0
        bookiji_outbox_backlog{database="b"} 3.0
        bookiji_outbox_backlog_other 9
        """;
    assertThat(RelayCatchUp.gauge(text, "bookiji_outbox_backlog", Double::sum)).isEqualTo(5.0);
    assertThat(RelayCatchUp.gauge(text, "bookiji_outbox_backlog", Math::max)).isEqualTo(3.0);
    assertThat(RelayCatchUp.gauge(text, "bookiji_outbox_relay_lag_seconds", Math::max)).isZero();
  }
}
