package com.bookiji.platform.client;

import java.time.Instant;

/**
 * A vendor's slot as availability-service answers it ({@code SlotResponse}).
 *
 * @param state FREE, HELD, BOOKED or BLOCKED
 * @param localStartsAt the start in the vendor's time zone, for display
 */
public record Slot(String id, String vendorId, Instant startsAt, Instant endsAt, String timeZone, String localStartsAt,
    String localEndsAt, long priceAmountMinor, String currency, String state, Instant heldUntil, int version) {}
