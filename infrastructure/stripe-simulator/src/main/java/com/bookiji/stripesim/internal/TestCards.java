package com.bookiji.stripesim.internal;

import java.util.Map;

/** Stripe's test payment method ids and what each card does when it is confirmed. */
final class TestCards {

  enum Behavior {
    AUTHORIZE,
    /** Authorizes; once the charge is captured the cardholder disputes it (Stripe's pm_card_createDispute). */
    AUTHORIZE_THEN_DISPUTE,
    DECLINE_GENERIC,
    DECLINE_INSUFFICIENT_FUNDS,
    REQUIRE_AUTHENTICATION
  }

  private static final Map<String, Behavior> BY_ID =
      Map.of(
          "pm_card_visa", Behavior.AUTHORIZE,
          "pm_card_mastercard", Behavior.AUTHORIZE,
          "pm_card_amex", Behavior.AUTHORIZE,
          "pm_card_createDispute", Behavior.AUTHORIZE_THEN_DISPUTE,
          "pm_card_chargeDeclined", Behavior.DECLINE_GENERIC,
          "pm_card_visa_chargeDeclined", Behavior.DECLINE_GENERIC,
          "pm_card_visa_chargeDeclinedInsufficientFunds", Behavior.DECLINE_INSUFFICIENT_FUNDS,
          "pm_card_chargeDeclinedInsufficientFunds", Behavior.DECLINE_INSUFFICIENT_FUNDS,
          "pm_card_authenticationRequired", Behavior.REQUIRE_AUTHENTICATION,
          "pm_card_threeDSecure2Required", Behavior.REQUIRE_AUTHENTICATION);

  private TestCards() {}

  static boolean isKnown(String paymentMethod) {
    return BY_ID.containsKey(paymentMethod);
  }

  /** Null for an unknown id. */
  static Behavior behaviorOf(String paymentMethod) {
    return paymentMethod == null ? null : BY_ID.get(paymentMethod);
  }

  static void requireKnown(String paymentMethod) {
    if (!isKnown(paymentMethod)) {
      throw ApiError.invalid("No such PaymentMethod: '" + paymentMethod + "'", "payment_method", "resource_missing");
    }
  }

  /** The last four digits of Stripe's test card number for that behaviour. */
  static String last4(String paymentMethod) {
    return switch (BY_ID.getOrDefault(paymentMethod, Behavior.AUTHORIZE)) {
      case AUTHORIZE -> "4242";
      case AUTHORIZE_THEN_DISPUTE -> "0259";
      case DECLINE_GENERIC -> "0002";
      case DECLINE_INSUFFICIENT_FUNDS -> "9995";
      case REQUIRE_AUTHENTICATION -> "3184";
    };
  }
}
