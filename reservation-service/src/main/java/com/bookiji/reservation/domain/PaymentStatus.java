package com.bookiji.reservation.domain;

/** What the saga knows about the reservation's payment at payment-service. */
public enum PaymentStatus {
  /** No AuthorizePayment sent. */
  NONE,
  /** AuthorizePayment sent, no answer: a PaymentIntent may exist. */
  REQUESTED,
  /** A PaymentIntent exists; the requester must confirm the card with the client secret. */
  STARTED,
  /** The card is authorized (money reserved, not taken). */
  AUTHORIZED,
  /** The authorization failed; the PaymentIntent may still be open. */
  FAILED,
  /** The uncaptured authorization lapsed at the provider: nothing reserved any more. */
  EXPIRED,
  /** Money taken. */
  CAPTURED,
  /** No uncaptured authorization remains. */
  VOIDED,
  /** Captured money returned. */
  REFUNDED;

  /** A PaymentIntent that may hold (or come to hold) an uncaptured authorization. */
  public boolean mayHoldUncapturedAuthorization() {
    return this == REQUESTED || this == STARTED || this == AUTHORIZED || this == FAILED;
  }
}
