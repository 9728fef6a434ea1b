package com.bookiji.platform.client;

import java.time.Duration;
import java.time.Instant;

/** A slot as a vendor publishes it ({@code SlotRequest}): instants, the vendor's IANA time zone, a price in minor units. */
public record NewSlot(Instant startsAt, Instant endsAt, String timeZone, long priceAmountMinor, String currency) {

  public static NewSlot of(Instant startsAt, Duration length, String timeZone, long priceAmountMinor, String currency) {
    return new NewSlot(startsAt, startsAt.plus(length), timeZone, priceAmountMinor, currency);
  }
}
