package com.bookiji.payment.application;

/**
 * What Stripe says about one refund. {@code sequence} is our refund number from the refund's
 * metadata; 0 for a refund made outside the saga (Dashboard, API).
 */
public record RefundSnapshot(String id, String paymentIntentId, long amountMinor, String status,
    int sequence) {

  public boolean madeOutsideTheSaga() {
    return sequence == 0;
  }

  public boolean succeeded() {
    return "succeeded".equals(status);
  }

  public boolean failed() {
    return "failed".equals(status) || "canceled".equals(status);
  }
}
