package com.bookiji.reconciler.console.application;

import com.bookiji.reconciler.console.domain.RelayReading;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads the outbox relays of other processes (the port; {@code console/provider} scrapes Prometheus). */
public interface RelayMetrics {

  /**
   * One reading per instance base URL, all asked at once; an instance that does not answer within
   * {@code timeout} is {@link RelayReading.Unreachable}. Never throws, never waits longer than the timeout
   * (plus scheduling).
   */
  Map<URI, RelayReading> read(List<URI> instances, Duration timeout);
}
