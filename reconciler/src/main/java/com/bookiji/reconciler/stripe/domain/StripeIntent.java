package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;

/**
 * A PaymentIntent as Stripe lists it; {@code reservationId} is its metadata, null when it has none;
 * {@code amountReceivedMinor} is what Stripe captured.
 */
public record StripeIntent(String id, String status, long amountMinor, String currency, String reservationId,
    Instant createdAt, long amountReceivedMinor) {

  public StripeIntent(String id, String status, long amountMinor, String currency, String reservationId,
      Instant createdAt) {
    this(id, status, amountMinor, currency, reservationId, createdAt, 0);
  }

  public boolean canceled() {
    return "canceled".equals(status);
  }
}
