package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;

/** A PaymentIntent as Stripe lists it; {@code reservationId} is its metadata, null when it has none. */
public record StripeIntent(String id, String status, long amountMinor, String currency, String reservationId,
    Instant createdAt) {

  public boolean canceled() {
    return "canceled".equals(status);
  }
}
