package com.bookiji.reconciler.invariants.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A break is raised only once checks have seen it for {@code confirmAfter}: the facts of one
 * reservation arrive on several topics through separate consumers, so for a moment the auditor may
 * know the capture and not yet the state change that makes it legitimate. An already open finding
 * needs no confirmation; a break that disappears before it is confirmed is forgotten.
 */
public final class BreakConfirmation {

  private final Duration confirmAfter;
  private final Map<String, Instant> firstSeen = new HashMap<>();

  public BreakConfirmation(Duration confirmAfter) {
    this.confirmAfter = confirmAfter;
  }

  public record Result(List<Finding> confirmed, List<PendingFinding> unconfirmed) {}

  public Result confirm(List<Finding> seen, Predicate<String> alreadyOpen, Instant now) {
    Set<String> ids = seen.stream().map(Finding::breakId).collect(Collectors.toSet());
    firstSeen.keySet().retainAll(ids);
    List<Finding> confirmed = new ArrayList<>();
    List<PendingFinding> unconfirmed = new ArrayList<>();
    for (Finding f : seen) {
      if (alreadyOpen.test(f.breakId())) {
        confirmed.add(f);
        continue;
      }
      Instant first = firstSeen.computeIfAbsent(f.breakId(), id -> now);
      if (!now.isBefore(first.plus(confirmAfter))) {
        confirmed.add(f);
      } else {
        unconfirmed.add(new PendingFinding(f, "pending: seen since " + first + ", raised if it still holds after "
            + confirmAfter.toMillis() + " ms (facts of other topics may be on their way)", null));
      }
    }
    return new Result(confirmed, unconfirmed);
  }
}
