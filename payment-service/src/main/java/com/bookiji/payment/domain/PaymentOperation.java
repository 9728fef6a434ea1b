package com.bookiji.payment.domain;

/** A provider operation; names the idempotency key and the metrics tag. */
public enum PaymentOperation {
  AUTHORIZE, CAPTURE, VOID, REFUND, RETRIEVE, SEARCH;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
