package com.bookiji.reconciler.console.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.console.domain.RelayReading;
import java.time.Duration;
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
}
