package com.bookiji.reconciler.ledger.domain;

import java.util.Objects;

/** An amount in minor units (cents) of one ISO currency. */
public record Money(long amountMinor, String currency) {

  public Money {
    Objects.requireNonNull(currency, "currency");
    currency = currency.toUpperCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return amountMinor + " " + currency;
  }
}
