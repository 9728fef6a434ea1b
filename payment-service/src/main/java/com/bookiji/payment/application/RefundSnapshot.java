package com.bookiji.payment.application;

/** What Stripe says about one refund. */
public record RefundSnapshot(String id, String paymentIntentId, long amountMinor, String status,
    int sequence) {

  public boolean failed() {
    return "failed".equals(status) || "canceled".equals(status);
  }
}
