package com.bookiji.reconciler.ledger.domain;

import java.time.Instant;

/**
 * A pending amount: money authorized on a PaymentIntent and not yet captured, voided or expired.
 * {@code resolution} is empty while pending; a pending amount resolves at most once.
 */
public record Authorization(String paymentIntentId, Money amount, Instant authorizedAt,
    Resolution resolution, Instant resolvedAt) {

  public enum Resolution { CAPTURED, VOIDED, EXPIRED }

  public boolean pending() {
    return resolution == null;
  }

  Authorization resolved(Resolution how, Instant at) {
    return new Authorization(paymentIntentId, amount, authorizedAt, how, at);
  }
}
