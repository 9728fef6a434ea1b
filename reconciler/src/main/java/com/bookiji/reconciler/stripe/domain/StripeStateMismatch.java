package com.bookiji.reconciler.stripe.domain;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.invariants.domain.Severity;
import com.bookiji.reconciler.ledger.domain.Authorization;
import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Our ledger against Stripe's objects, for reservations that ended more than {@code grace} ago (the
 * saga has finished every money action of an ended reservation, compensation included, so from then
 * on Stripe and the ledger must agree): the captured amount (per intent and per charge), the refunded amount (a refund made in the
 * Stripe Dashboard shows here), every dispute and its status, and an authorization Stripe still holds
 * that the ledger calls resolved.
 */
public final class StripeStateMismatch {

  public static final String CODE = "STRIPE_STATE_MISMATCH";
  private final Duration grace;

  public StripeStateMismatch(Duration grace) {
    this.grace = grace;
  }

  public String code() {
    return CODE;
  }

  public List<Finding> check(ModelSnapshot model, StripeListing listing, Instant now) {
    List<Finding> findings = new ArrayList<>();
    // Indexed once: scanning every refund, charge and dispute per intent grew with the square of
    // the listing (issue #15).
    Map<String, List<StripeRefund>> refundsByIntent = byIntent(listing.refunds(), StripeRefund::paymentIntentId);
    Map<String, List<StripeCharge>> chargesByIntent = byIntent(listing.charges(), StripeCharge::paymentIntentId);
    Map<String, List<StripeDispute>> disputesByIntent = byIntent(listing.disputes(), StripeDispute::paymentIntentId);
    listing.intents().stream().sorted(Comparator.comparing(StripeIntent::id)).forEach(pi -> {
      if (pi.reservationId() == null) {
        return; // ORPHAN_PAYMENT_INTENT's business
      }
      ReservationView r = model.reservations().get(pi.reservationId());
      Ledger ledger = model.ledgers().get(pi.reservationId());
      if (r == null || !r.terminal() || r.stateSince() == null || !now.isAfter(r.stateSince().plus(grace))) {
        return; // the saga may still act on its money
      }
      List<String> breaks = new ArrayList<>();
      long ledgerCaptured = ledger == null ? 0 : ledger.captures().stream()
          .filter(c -> pi.id().equals(c.paymentIntentId())).mapToLong(c -> c.amount().amountMinor()).sum();
      long stripeCaptured = "succeeded".equals(pi.status()) ? pi.amountReceivedMinor() : 0;
      if (ledgerCaptured != stripeCaptured) {
        breaks.add("captured at Stripe " + stripeCaptured + ", in our ledger " + ledgerCaptured);
      }
      List<StripeRefund> refunds = refundsByIntent.getOrDefault(pi.id(), List.of()).stream()
          .filter(StripeRefund::counts).toList();
      long stripeRefunded = refunds.stream().mapToLong(StripeRefund::amountMinor).sum();
      long ledgerRefunded = ledger == null ? 0 : ledger.refunds().stream()
          .filter(re -> pi.id().equals(re.paymentIntentId())).mapToLong(re -> re.amount().amountMinor()).sum();
      if (ledgerRefunded != stripeRefunded) {
        List<String> unknown = refunds.stream().map(StripeRefund::id)
            .filter(id -> ledger == null || ledger.refunds().stream().noneMatch(re -> id.equals(re.refundId()))).toList();
        breaks.add("refunded at Stripe " + stripeRefunded + ", in our ledger " + ledgerRefunded
            + (unknown.isEmpty() ? "" : " (refunds the saga never made: " + String.join(", ", unknown) + ")"));
      }
      for (StripeCharge ch : chargesByIntent.getOrDefault(pi.id(), List.of())) {
        if (!ch.captured() || ledger == null) {
          continue;
        }
        // A charge our ledger recorded must carry the amount the ledger posted for it.
        ledger.captures().stream().filter(c -> ch.id().equals(c.chargeId())).findFirst().ifPresent(c -> {
          if (c.amount().amountMinor() != ch.amountCapturedMinor()) {
            breaks.add("charge " + ch.id() + " captured " + ch.amountCapturedMinor() + " at Stripe, "
                + c.amount().amountMinor() + " in our ledger");
          }
        });
      }
      for (StripeDispute dp : disputesByIntent.getOrDefault(pi.id(), List.of())) {
        Ledger.Dispute known = ledger == null ? null : ledger.disputes().get(dp.id());
        if (known == null) {
          breaks.add("dispute " + dp.id() + " (" + dp.status() + ", " + dp.amountMinor() + ") is not in our ledger");
        } else if (!known.status().equals(dp.status())) {
          breaks.add("dispute " + dp.id() + " is " + dp.status() + " at Stripe, " + known.status() + " in our ledger");
        }
      }
      if ("requires_capture".equals(pi.status()) && ledger != null) {
        Authorization a = ledger.authorizations().get(pi.id());
        if (a != null && !a.pending()) {
          breaks.add("Stripe still holds the authorization, our ledger says " + a.resolution());
        }
      }
      if (!breaks.isEmpty()) {
        Severity severity = stripeRefunded != ledgerRefunded || stripeCaptured != ledgerCaptured
            ? Severity.CRITICAL : Severity.HIGH;
        findings.add(new Finding(CODE, severity, pi.id(), pi.reservationId(), pi.id() + " ("
            + pi.status() + ", " + pi.currency().toUpperCase(Locale.ROOT) + ") of reservation "
            + pi.reservationId() + ", " + r.state() + ": " + String.join("; ", breaks)));
      }
    });
    return findings;
  }

  private static <T> Map<String, List<T>> byIntent(List<T> items, Function<T, String> intentId) {
    Map<String, List<T>> byIntent = new HashMap<>();
    for (T item : items) {
      String id = intentId.apply(item);
      if (id != null) {
        byIntent.computeIfAbsent(id, k -> new ArrayList<>()).add(item);
      }
    }
    return byIntent;
  }
}
