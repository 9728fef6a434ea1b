package com.bookiji.payment.domain;

import java.util.Objects;

/**
 * What Stripe says about a PaymentIntent at one moment. Every decision about authorization, capture,
 * cancellation and expiry is taken from a snapshot retrieved from Stripe, never from the order in
 * which webhooks or responses happened to arrive.
 */
public record IntentSnapshot(
    String id,
    IntentStatus status,
    long amountMinor,
    long amountReceivedMinor,
    String currency,
    String clientSecret,
    String cancellationReason,
    String lastErrorCode,
    String lastDeclineCode,
    String lastErrorMessage,
    String latestChargeId) {

  public IntentSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
  }

  public boolean expiredByProvider() {
    return status == IntentStatus.CANCELED && "automatic".equals(cancellationReason);
  }

  public boolean hasPaymentError() {
    return lastErrorCode != null || lastDeclineCode != null;
  }
}
