package com.bookiji.payment.application;

import com.bookiji.payment.domain.FailureReason;

/** The outcome of one provider operation after retries. */
public sealed interface ProviderResult<T> {

  /** Stripe answered with the object (first answer or an idempotent replay). */
  record Succeeded<T>(T value) implements ProviderResult<T> {}

  /** Stripe answered and refused for good (decline, invalid request, unexpected state). */
  record Refused<T>(FailureReason reason, String code, String detail)
      implements ProviderResult<T> {}

  /** Retries exhausted on transient failures: Stripe may or may not have applied the request. */
  record Unknown<T>(String lastError) implements ProviderResult<T> {}
}
