package com.bookiji.reconciler.invariants.application;

import com.bookiji.reconciler.invariants.domain.FindingRecord;

/** Tells the other services what the auditor found; called in the transaction that records it. */
public interface FindingEventPublisher {

  /** The break was raised: opened for the first time, or again after it had been resolved. */
  void found(FindingRecord finding);

  /** The break no longer holds (its check passed, a repair fixed it, or a person resolved it). */
  void resolved(FindingRecord finding);
}
