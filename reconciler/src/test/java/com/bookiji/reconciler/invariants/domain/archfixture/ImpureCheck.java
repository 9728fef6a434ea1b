package com.bookiji.reconciler.invariants.domain.archfixture;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.invariants.domain.InvariantCheck;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Breaks every purity rule on purpose: reads the wall clock, keeps state between runs, does I/O. */
public class ImpureCheck implements InvariantCheck {

  private final Clock clock = Clock.systemUTC();
  private int runs;

  @Override
  public String code() {
    return "IMPURE";
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    runs++;
    System.out.println("checked at " + Instant.now() + " / " + clock.instant() + ", run " + runs);
    return List.of();
  }
}
