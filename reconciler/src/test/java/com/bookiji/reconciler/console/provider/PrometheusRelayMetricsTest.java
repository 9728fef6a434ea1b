package com.bookiji.reconciler.console.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.bookiji.reconciler.console.domain.RelayReading;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the relay's gauges are read out of a service's Prometheus text")
class PrometheusRelayMetricsTest {

  @Test
  @DisplayName("backlog, age of the oldest row, streaming and engine failures, with labels and comments around them")
  void readsTheGauges() {
    RelayReading reading = PrometheusRelayMetrics.parse("""
        # HELP bookiji_outbox_backlog rows in outbox
        # TYPE bookiji_outbox_backlog gauge
        bookiji_outbox_backlog{application="payment-service",database="payment"} 7.0
        bookiji_outbox_backlog_other{database="payment"} 99.0
        bookiji_outbox_relay_lag_seconds{application="payment-service",database="payment"} 12.5
        bookiji_outbox_relay_active{application="payment-service",database="payment"} 1.0
        bookiji_outbox_relay_engine_consecutive_failures 0.0
        bookiji_outbox_relayed_total{database="payment"} 120.0
        """);
    assertThat(reading).isEqualTo(new RelayReading.Scraped(7, Duration.ofMillis(12_500), true, 0));
  }

  @Test
  @DisplayName("a lock holder that does not stream shows its engine failures")
  void failingHolder() {
    RelayReading reading = PrometheusRelayMetrics.parse("""
        bookiji_outbox_backlog{database="payment"} 3.0
        bookiji_outbox_relay_lag_seconds{database="payment"} 40.0
        bookiji_outbox_relay_active{database="payment"} 0.0
        bookiji_outbox_relay_engine_consecutive_failures{database="payment"} 4.0
        """);
    assertThat(reading).isEqualTo(new RelayReading.Scraped(3, Duration.ofSeconds(40), false, 4));
  }

  @Test
  @DisplayName("an answer without the relay's gauges is unreadable, not an empty outbox")
  void noRelayGauges() {
    assertThat(PrometheusRelayMetrics.parse("jvm_threads_live_threads 42.0\n"))
        .isInstanceOf(RelayReading.Unreachable.class);
  }

  @Test
  @DisplayName("an instance that never answers, one that refuses and one that answers 503 are unreachable, read together within the timeout")
  void silentInstancesDoNotBlock() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/silent/actuator/prometheus", exchange -> {
      try {
        release.await(); // holds the request until the test is done
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    server.createContext("/failing/actuator/prometheus", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    URI silent = URI.create(base + "/silent");
    URI failing = URI.create(base + "/failing/");
    URI refusing = URI.create("http://127.0.0.1:" + closed);
    try {
      // all asked at once, each bounded by the timeout: far below three silent instances' worth of waiting
      Map<URI, RelayReading> readings = assertTimeoutPreemptively(Duration.ofSeconds(6), () ->
          new PrometheusRelayMetrics().read(List.of(silent, failing, refusing), Duration.ofMillis(1500)));
      assertThat(readings.keySet()).containsExactly(silent, failing, refusing);
      assertThat(readings.values()).allSatisfy(r -> assertThat(r).isInstanceOf(RelayReading.Unreachable.class));
      assertThat(((RelayReading.Unreachable) readings.get(silent)).reason()).contains("no answer");
      assertThat(((RelayReading.Unreachable) readings.get(failing)).reason()).contains("HTTP 503");
      assertThat(((RelayReading.Unreachable) readings.get(refusing)).reason()).startsWith("not reachable");
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
