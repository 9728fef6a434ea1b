package com.bookiji.stripesim.internal;

import java.util.Locale;
import java.util.Set;

/** Parameter rules several payment endpoints share; each throws Stripe's 400 before anything changes. */
final class Validation {

  static final Set<String> CURRENCIES =
      Set.of(
          "usd", "eur", "gbp", "chf", "cad", "aud", "nzd", "jpy", "sek", "nok", "dkk", "pln", "czk",
          "huf", "ron", "bgn", "sgd", "hkd", "mxn", "brl", "inr", "zar", "aed", "ils", "thb", "myr");

  private static final Set<String> CAPTURE_METHODS = Set.of("automatic", "automatic_async", "manual");

  private Validation() {}

  /** The lower-cased {@code currency}; missing or unsupported is a 400. */
  static String requireCurrency(FormParams p) {
    String currency = p.string("currency");
    if (currency == null) {
      throw ApiError.missing("currency");
    }
    String lower = currency.toLowerCase(Locale.ROOT);
    if (!CURRENCIES.contains(lower)) {
      throw ApiError.invalid(
          "Invalid currency: " + currency + ". Stripe currently supports these currencies: "
              + String.join(", ", CURRENCIES.stream().sorted().toList()),
          "currency",
          "parameter_invalid_string");
    }
    return lower;
  }

  static void validateAmount(long amount, String currency, String param) {
    // Stripe's minimums differ per currency (50 cents, ¥50, 30 pence...); 50 units is close enough here.
    long minimum = 50;
    if (amount < minimum) {
      throw ApiError.invalid(
          "Amount must be at least " + minimum + " in the smallest currency unit (" + currency + ")",
          param,
          "amount_too_small");
    }
    if (amount > 99_999_999L) {
      throw ApiError.invalid("Amount must be no more than 99999999", param, "amount_too_large");
    }
  }

  /** {@code capture_method}, or null when absent; anything but Stripe's three is a 400 with {@code message}. */
  static String captureMethod(FormParams p, String message) {
    String captureMethod = p.string("capture_method");
    if (captureMethod != null && !CAPTURE_METHODS.contains(captureMethod)) {
      throw ApiError.invalid(message, "capture_method", "parameter_invalid_string");
    }
    return captureMethod;
  }

  static void requireClientSecret(Records.PaymentIntent pi, FormParams p) {
    String secret = p.string("client_secret");
    if (secret == null) {
      throw ApiError.missing("client_secret");
    }
    if (!secret.equals(pi.clientSecret)) {
      throw ApiError.invalid(
          "The client_secret provided does not match the client_secret associated with the PaymentIntent.",
          "client_secret",
          "payment_intent_invalid_parameter");
    }
  }

  /** Stripe unsets a field given as an empty string. */
  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
