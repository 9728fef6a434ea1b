package com.bookiji.reconciler.repairs.domain;

import java.util.Objects;

/**
 * What to do about one finding. {@code repairId} is derived from the break id alone, so the same
 * break seen again (or after a restart) maps to the same repair, which is carried out at most once.
 */
public record RepairPlan(String repairId, RepairType type, String breakId, String subjectId, String reservationId) {

  public RepairPlan {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(breakId, "breakId");
    Objects.requireNonNull(subjectId, "subjectId");
  }

  public static RepairPlan of(RepairType type, String breakId, String subjectId, String reservationId) {
    return new RepairPlan(idFor(breakId), type, breakId, subjectId, reservationId);
  }

  public static String idFor(String breakId) {
    return "repair:" + breakId;
  }

  /** The command(s) the plan sends, as on-call reads them. */
  public String commands() {
    return switch (type) {
      case VOID_AUTHORIZATION -> "VoidPayment(reservation " + reservationId + ") on payment.commands";
      case RELEASE_HOLD -> "ReleaseHold(reservation " + reservationId + ", hold " + subjectId + ") on availability.commands";
      case REFUND_CAPTURE -> "RefundPayment(reservation " + reservationId + ", full amount) on payment.commands";
      case CANCEL_ORPHAN_INTENT -> "cancel PaymentIntent " + subjectId + " at Stripe (Idempotency-Key " + repairId + ")";
    };
  }
}
