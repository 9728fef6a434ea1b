package com.bookiji.reconciler.stripe.application;

import com.bookiji.reconciler.stripe.domain.StripeIntent;
import com.bookiji.reconciler.stripe.domain.StripeListing;
import java.time.Instant;
import java.util.Optional;

/** Stripe, as the auditor reads it (and, for an orphan PaymentIntent's repair, cancels). */
public interface StripePaymentIntents {

  /** Every PaymentIntent created at or after {@code from}, following Stripe's cursor over all pages. */
  StripeListing listCreatedSince(Instant from, Instant now);

  /** The PaymentIntent as Stripe has it now; empty when Stripe does not know it. */
  Optional<StripeIntent> retrieve(String paymentIntentId);

  /**
   * Cancels the PaymentIntent with {@code idempotencyKey}, so a repeated call (after a crash) is the
   * same request to Stripe and cancels nothing twice.
   *
   * @throws StripeCallFailed when Stripe refuses or does not answer
   */
  StripeIntent cancel(String paymentIntentId, String idempotencyKey);
}
