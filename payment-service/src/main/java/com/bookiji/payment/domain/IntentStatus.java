package com.bookiji.payment.domain;

import java.util.Locale;

/** Stripe's PaymentIntent status, the source of truth we converge to. */
public enum IntentStatus {
  REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, REQUIRES_CAPTURE,
  CANCELED, SUCCEEDED;

  public static IntentStatus fromStripe(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
