package com.bookiji.reconciler.invariants.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Folds one run's findings into the known records; returns only the records that changed. */
public final class FindingBook {

  private FindingBook() {}

  public static List<FindingRecord> reconcile(Map<String, FindingRecord> known, List<Finding> seen, Instant now) {
    List<FindingRecord> changed = new ArrayList<>();
    Map<String, Finding> seenById = seen.stream()
        .collect(Collectors.toMap(Finding::breakId, f -> f, (first, second) -> first, java.util.LinkedHashMap::new));
    seenById.values().forEach(f -> {
      FindingRecord before = known.get(f.breakId());
      changed.add(before == null ? FindingRecord.raised(f, now) : before.seenAgain(f, now));
    });
    Set<String> seenIds = seenById.keySet();
    known.values().stream()
        .filter(r -> !seenIds.contains(r.breakId()))
        .forEach(r -> {
          FindingRecord after = r.passed(now);
          if (!Objects.equals(after, r)) {
            changed.add(after);
          }
        });
    return changed;
  }
}
