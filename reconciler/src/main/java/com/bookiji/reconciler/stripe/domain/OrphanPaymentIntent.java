package com.bookiji.reconciler.stripe.domain;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.invariants.domain.Severity;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A PaymentIntent at Stripe that maps to no reservation the auditor knows (no metadata, or a
 * reservation never observed), and is not cancelled. Grace after its creation: payment-service's
 * events about it may still be on their way.
 */
public final class OrphanPaymentIntent {

  public static final String CODE = "ORPHAN_PAYMENT_INTENT";
  private final Duration grace;

  public OrphanPaymentIntent(Duration grace) {
    this.grace = grace;
  }

  public String code() {
    return CODE;
  }

  public List<Finding> check(ModelSnapshot model, StripeListing listing, Instant now) {
    return listing.intents().stream()
        .filter(pi -> !pi.canceled())
        .filter(pi -> now.isAfter(pi.createdAt().plus(grace)))
        .filter(pi -> pi.reservationId() == null || model.reservation(pi.reservationId()).isEmpty())
        .sorted(Comparator.comparing(StripeIntent::id))
        .map(pi -> new Finding(CODE, Severity.HIGH, pi.id(), pi.reservationId(),
            pi.id() + " (" + pi.status() + ", " + pi.amountMinor() + " " + pi.currency().toUpperCase(java.util.Locale.ROOT)
                + ") belongs to " + (pi.reservationId() == null ? "no reservation (no metadata)"
                    : "reservation " + pi.reservationId() + ", which was never observed")))
        .toList();
  }
}
