package com.bookiji.reconciler.stripe.application;

import com.bookiji.reconciler.stripe.domain.StripeListing;
import java.time.Instant;

/** Stripe, as the auditor reads it. */
public interface StripePaymentIntents {

  /** Every PaymentIntent created at or after {@code from}, following Stripe's cursor over all pages. */
  StripeListing listCreatedSince(Instant from, Instant now);
}
