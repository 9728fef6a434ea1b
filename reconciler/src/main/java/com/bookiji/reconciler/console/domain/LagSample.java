package com.bookiji.reconciler.console.domain;

import java.time.Instant;

/**
 * One reading of a group's position on one partition: its committed offset, the partition's end
 * offset, and whether the group had a live member to commit at all.
 */
public record LagSample(Instant at, long committedOffset, long endOffset, boolean groupHasMembers) {

  public long lag() {
    return Math.max(0, endOffset - committedOffset);
  }
}
