package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.GroupLag;

/**
 * A break the check would raise now, but not at "now minus the lag" of a consumer it depends on: it
 * may only be "not yet seen". Reported, never raised, until the lag is gone (or exceeds the cap).
 */
public record PendingFinding(Finding finding, GroupLag lag) {

  public String detail() {
    return "pending: " + lag.describe() + "; " + finding.detail();
  }
}
