package com.bookiji.reconciler.invariants.domain;

import java.util.Set;

/** A check whose breaks are breaks only after a bound (and the grace) has passed. */
public abstract class TimeBoundCheck extends AbstractCheck {

  protected final CheckBounds bounds;

  protected TimeBoundCheck(String code, Set<String> dependsOn, CheckBounds bounds) {
    super(code, dependsOn);
    this.bounds = bounds;
  }
}
