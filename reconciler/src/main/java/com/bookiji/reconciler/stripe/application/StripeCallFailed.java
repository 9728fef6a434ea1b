package com.bookiji.reconciler.stripe.application;

/** A Stripe call that failed; {@code transientFailure} when trying again (same idempotency key) may succeed. */
public class StripeCallFailed extends RuntimeException {

  private final boolean transientFailure;

  public StripeCallFailed(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean transientFailure() {
    return transientFailure;
  }
}
