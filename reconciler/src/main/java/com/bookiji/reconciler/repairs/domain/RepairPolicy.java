package com.bookiji.reconciler.repairs.domain;

import com.bookiji.reconciler.ledger.domain.Authorization;
import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldStatus;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldView;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a finding to a repair plan and, right before it is carried out, checks that it still applies
 * to the state as it is now: a repair never acts on the picture it was planned from.
 */
public final class RepairPolicy {

  /** Stripe can void (its "cancel") a PaymentIntent in these states; a succeeded one would need a refund. */
  private static final Set<String> VOIDABLE_AT_STRIPE = Set.of("requires_payment_method", "requires_confirmation",
      "requires_action", "processing", "requires_capture");

  private RepairPolicy() {}

  public static Optional<RepairPlan> plan(String findingCode, String breakId, String subjectId, String reservationId) {
    return RepairType.forFinding(findingCode).map(t -> RepairPlan.of(t, breakId, subjectId, reservationId));
  }

  /**
   * Empty when the plan may be carried out on {@code model}; otherwise why not. {@code intent} is the
   * PaymentIntent as Stripe has it now (only read for {@link RepairType#CANCEL_ORPHAN_INTENT}).
   */
  public static Optional<String> refusal(RepairPlan plan, ModelSnapshot model, Optional<StripeIntent> intent) {
    return switch (plan.type()) {
      case VOID_AUTHORIZATION -> voidRefusal(plan, model);
      case RELEASE_HOLD -> releaseRefusal(plan, model);
      case REFUND_CAPTURE -> refundRefusal(plan, model);
      case CANCEL_ORPHAN_INTENT -> orphanVoidRefusal(plan, model, intent);
    };
  }

  private static Optional<String> voidRefusal(RepairPlan plan, ModelSnapshot model) {
    Optional<ReservationView> r = model.reservation(plan.reservationId());
    if (r.isEmpty() || !r.get().terminal()) {
      return Optional.of("reservation " + plan.reservationId() + " has not ended ("
          + r.map(ReservationView::state).orElse("unknown") + "): its saga may still capture");
    }
    Ledger ledger = model.ledgers().get(plan.reservationId());
    boolean pending = ledger != null && ledger.openAuthorizations().stream()
        .map(Authorization::paymentIntentId).anyMatch(plan.subjectId()::equals);
    return pending ? Optional.empty()
        : Optional.of("authorization " + plan.subjectId() + " is no longer pending (captured, voided or expired meanwhile)");
  }

  private static Optional<String> releaseRefusal(RepairPlan plan, ModelSnapshot model) {
    HoldView hold = model.holds().get(plan.subjectId());
    if (hold == null) {
      return Optional.of("hold " + plan.subjectId() + " is unknown");
    }
    if (hold.status() != HoldStatus.ACTIVE) {
      return Optional.of("hold " + plan.subjectId() + " is " + hold.status() + " now, nothing to release");
    }
    Optional<ReservationView> r = model.reservation(hold.reservationId());
    if (r.isPresent() && (r.get().confirmed() || "COMMIT_PENDING".equals(r.get().state()))) {
      return Optional.of("reservation " + hold.reservationId() + " is " + r.get().state() + ": its hold is being booked");
    }
    return Optional.empty();
  }

  private static Optional<String> refundRefusal(RepairPlan plan, ModelSnapshot model) {
    Optional<ReservationView> r = model.reservation(plan.reservationId());
    if (r.isPresent() && r.get().confirmed()) {
      return Optional.of("reservation " + plan.reservationId() + " became CONFIRMED: its capture is owed");
    }
    Ledger ledger = model.ledgers().get(plan.reservationId());
    if (ledger == null || !ledger.holdsPostedMoney()) {
      return Optional.of("nothing captured remains for reservation " + plan.reservationId() + " (refunded meanwhile)");
    }
    return Optional.empty();
  }

  private static Optional<String> orphanVoidRefusal(RepairPlan plan, ModelSnapshot model, Optional<StripeIntent> intent) {
    if (intent.isEmpty()) {
      return Optional.of("PaymentIntent " + plan.subjectId() + " could not be read at Stripe");
    }
    StripeIntent pi = intent.get();
    if (pi.reservationId() != null && model.reservation(pi.reservationId()).isPresent()) {
      return Optional.of("reservation " + pi.reservationId() + " of " + pi.id() + " has been observed meanwhile");
    }
    if (!VOIDABLE_AT_STRIPE.contains(pi.status())) {
      return Optional.of(pi.id() + " is " + pi.status() + ", which Stripe cannot cancel"
          + ("succeeded".equals(pi.status()) ? " (captured money without a reservation: refund it by hand)" : ""));
    }
    return Optional.empty();
  }
}
