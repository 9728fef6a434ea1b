package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;

/** A refund as Stripe lists it, whoever made it (the saga, or someone in the Stripe Dashboard). */
public record StripeRefund(String id, String paymentIntentId, long amountMinor, String currency, String status,
    Instant createdAt) {

  /** Money that left (or is leaving) the merchant: Stripe's pending and succeeded refunds. */
  public boolean counts() {
    return "succeeded".equals(status) || "pending".equals(status);
  }
}
