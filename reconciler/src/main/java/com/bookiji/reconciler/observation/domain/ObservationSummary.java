package com.bookiji.reconciler.observation.domain;

import java.util.Map;
import java.util.TreeMap;

/** How many messages of each event type the reconciler has observed. */
public record ObservationSummary(long total, Map<String, Long> byEventType) {

  public ObservationSummary {
    byEventType = new TreeMap<>(byEventType);
  }

  public static ObservationSummary of(Map<String, Long> byEventType) {
    return new ObservationSummary(byEventType.values().stream().mapToLong(Long::longValue).sum(), byEventType);
  }
}
