package com.bookiji.reconciler.console.domain;

import java.time.Duration;

/** What one instance's {@code /actuator/prometheus} said about its outbox relay, or why it said nothing. */
public sealed interface RelayReading {

  /**
   * The relay's gauges: {@code bookiji_outbox_backlog}, {@code bookiji_outbox_relay_lag_seconds},
   * {@code bookiji_outbox_relay_active} and {@code bookiji_outbox_relay_engine_consecutive_failures}.
   */
  record Scraped(long backlogRows, Duration oldestRowAge, boolean streaming, long engineFailuresInARow)
      implements RelayReading {}

  /** No answer in time, an error status, or an answer without the relay's gauges. */
  record Unreachable(String reason) implements RelayReading {}
}
