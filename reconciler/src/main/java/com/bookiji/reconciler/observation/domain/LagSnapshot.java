package com.bookiji.reconciler.observation.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every consumer group's lag per topic at one moment; {@link #none()} before the first measurement. */
public record LagSnapshot(List<GroupLag> lags) {

  public LagSnapshot {
    lags = List.copyOf(lags);
  }

  public static LagSnapshot none() {
    return new LagSnapshot(List.of());
  }

  /** The group furthest behind (in time) on any of {@code topics}; empty when none is behind. */
  public Optional<GroupLag> worst(Collection<String> topics) {
    return lags.stream().filter(l -> topics.contains(l.topic()) && l.offsetLag() > 0)
        .max(Comparator.comparing(GroupLag::timeBehind).thenComparing(GroupLag::offsetLag));
  }
}
