package com.bookiji.reconciler.repairs.domain;

import java.time.Instant;
import java.util.Objects;

/** The audit record of one repair: what, for which finding, who decided, when, and the outcome. */
public record Repair(RepairPlan plan, RepairMode mode, RepairStatus status, Instant createdAt, String decidedBy,
    Instant decidedAt, String outcome) {

  public Repair {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(status, "status");
  }

  public static Repair proposed(RepairPlan plan, Instant now) {
    return new Repair(plan, RepairMode.PROPOSE, RepairStatus.PROPOSED, now, null, null,
        "waiting for an OPS user to approve or reject");
  }

  public static Repair refused(RepairPlan plan, RepairMode mode, String by, String reason, Instant now) {
    return new Repair(plan, mode, RepairStatus.REFUSED, now, by, now, reason);
  }

  /** Claimed for sending by {@code by}: {@code sending} for a Stripe call still to be answered. */
  public static Repair claimed(RepairPlan plan, RepairMode mode, String by, boolean sending, Instant now) {
    return new Repair(plan, mode, sending ? RepairStatus.SENDING : RepairStatus.SENT, now, by, now,
        sending ? "calling Stripe" : "sent " + plan.commands());
  }

  public String repairId() {
    return plan.repairId();
  }

  public Repair with(RepairStatus next, String by, Instant at, String why) {
    return new Repair(plan, mode, next, createdAt, by == null ? decidedBy : by, at, why);
  }
}
