package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One invariant: a pure function of what the auditor knows and the time now. It reads the snapshot
 * and nothing else (no clock of its own, no I/O), so the same inputs always give the same findings.
 */
public interface InvariantCheck {

  /** Stable, appears in every finding, the API and the metrics. */
  String code();

  List<Finding> check(ModelSnapshot model, Instant now);

  /**
   * The topics whose consumers must have caught up before a time-bound break is real: the auditor's
   * own view and the owning services' work. A check that does not depend on time returns none.
   */
  default Set<String> dependsOn() {
    return Set.of();
  }
}
