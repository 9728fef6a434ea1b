package com.bookiji.reconciler.repairs.domain;

/**
 * PROPOSED waits for an OPS user; SENDING is claimed but its Stripe call has not answered yet (retried
 * with the same idempotency key after a crash); SENT means the owner's command is on its way (or Stripe
 * applied it); SUCCEEDED once the finding resolved afterwards; REFUSED when the state changed under it;
 * REJECTED by a person; FAILED when Stripe refused the call.
 */
public enum RepairStatus {
  PROPOSED, SENDING, SENT, SUCCEEDED, REFUSED, REJECTED, FAILED;

  public boolean awaitsOutcome() {
    return this == SENT;
  }
}
