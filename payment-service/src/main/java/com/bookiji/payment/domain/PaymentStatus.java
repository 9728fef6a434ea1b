package com.bookiji.payment.domain;

import java.util.EnumSet;
import java.util.Set;

/** Local state of one payment (one PaymentIntent). Pending states name what we are waiting for. */
public enum PaymentStatus {
  /** The PaymentIntent is being created at Stripe. */
  AUTHORIZATION_PENDING,
  /** The intent exists; the customer must confirm the card (or complete authentication). */
  AWAITING_CUSTOMER,
  /** The card is authorized: the intent requires capture. */
  AUTHORIZED,
  CAPTURE_PENDING,
  CAPTURED,
  REFUND_PENDING,
  PARTIALLY_REFUNDED,
  REFUNDED,
  VOID_PENDING,
  VOIDED,
  AUTHORIZATION_FAILED,
  /** Stripe cancelled the uncaptured authorization itself (cancellation_reason=automatic). */
  AUTHORIZATION_EXPIRED,
  /** Retries of a provider call were exhausted with an unknown outcome; the sweep keeps resolving it. */
  PARKED;

  /** States in which money may still be held on the card: the authorization can still be voided. */
  public static final Set<PaymentStatus> VOIDABLE = EnumSet.of(AUTHORIZATION_PENDING,
      AWAITING_CUSTOMER, AUTHORIZED, AUTHORIZATION_FAILED, VOID_PENDING, PARKED);

  public static final Set<PaymentStatus> CAPTURED_STATES =
      EnumSet.of(CAPTURED, REFUND_PENDING, PARTIALLY_REFUNDED, REFUNDED);

  public boolean isCaptured() {
    return CAPTURED_STATES.contains(this);
  }
}
