package com.bookiji.reconciler.stripe.application;

import com.bookiji.reconciler.stripe.domain.StripeIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import java.time.Instant;
import java.util.Optional;

/** Stripe, as the auditor reads it (and, for an orphan PaymentIntent's repair, voids). */
public interface StripePaymentIntents {

  /** Every PaymentIntent created at or after {@code from}, following Stripe's cursor over all pages. */
  StripeListing listCreatedSince(Instant from, Instant now);

  /** The PaymentIntent as Stripe has it now; empty when Stripe does not know it. */
  Optional<StripeIntent> retrieve(String paymentIntentId);

  /**
   * Voids the PaymentIntent (Stripe's "cancel") with {@code idempotencyKey}, so a repeated call (after
   * a crash) is the same request to Stripe and voids nothing twice.
   *
   * @throws StripeCallFailed when Stripe refuses or does not answer
   */
  StripeIntent voidIntent(String paymentIntentId, String idempotencyKey);
}
