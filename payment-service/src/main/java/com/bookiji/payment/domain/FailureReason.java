package com.bookiji.payment.domain;

/** Why an operation failed for good (mirrors the contract's PaymentFailureReason). */
public enum FailureReason {
  CARD_DECLINED, AUTHENTICATION_FAILED, PROVIDER_UNAVAILABLE, INVALID_REQUEST, UNKNOWN;

  /** Classifies a Stripe {@code last_payment_error.code}. */
  public static FailureReason fromProviderCode(String code) {
    if (code == null) {
      return UNKNOWN;
    }
    return switch (code) {
      case "card_declined", "expired_card", "incorrect_cvc", "processing_error",
           "incorrect_number", "insufficient_funds" -> CARD_DECLINED;
      case "payment_intent_authentication_failure", "authentication_required" ->
          AUTHENTICATION_FAILED;
      default -> UNKNOWN;
    };
  }
}
