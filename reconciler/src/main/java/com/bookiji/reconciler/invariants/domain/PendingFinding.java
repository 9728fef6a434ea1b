package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.GroupLag;

/**
 * A break the checks see but do not raise (yet): a consumer it depends on is behind ({@code lag}), so
 * it may only be "not yet seen", or it is still being confirmed. Reported, never raised, until it holds
 * once the lag is gone (or exceeds the cap) and it was confirmed.
 */
public record PendingFinding(Finding finding, String reason, GroupLag lag) {

  public PendingFinding(Finding finding, GroupLag lag) {
    this(finding, "pending: " + lag.describe(), lag);
  }

  public String detail() {
    return reason + "; " + finding.detail();
  }
}
