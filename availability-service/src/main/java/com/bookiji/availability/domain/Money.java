package com.bookiji.availability.domain;

import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/** An amount in the currency's minor unit (cents), never floating point. */
public record Money(long amountMinor, String currency) {

  public Money {
    Objects.requireNonNull(currency, "currency");
    if (amountMinor < 0) {
      throw new DomainViolation("INVALID_PRICE", "price must not be negative");
    }
    if (!currency.matches("[A-Z]{3}") || !isIso4217(currency)) {
      throw new DomainViolation("INVALID_CURRENCY",
          "currency must be an upper-case ISO 4217 code, got '" + currency + "'");
    }
  }

  private static boolean isIso4217(String code) {
    try {
      return Currency.getInstance(code).getCurrencyCode().equals(code.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
