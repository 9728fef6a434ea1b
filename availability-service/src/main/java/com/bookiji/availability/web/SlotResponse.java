package com.bookiji.availability.web;

import com.bookiji.availability.application.SlotView;
import com.bookiji.availability.domain.Slot;
import com.bookiji.availability.domain.SlotState;
import java.time.Instant;
import java.util.UUID;

/**
 * A slot with its state. {@code localStartsAt}/{@code localEndsAt} show the instants in the
 * vendor's time zone (ISO-8601 with offset), for display.
 */
public record SlotResponse(UUID id, String vendorId, Instant startsAt, Instant endsAt,
    String timeZone, String localStartsAt, String localEndsAt, long priceAmountMinor,
    String currency, SlotState state, Instant heldUntil, int version) {

  static SlotResponse of(SlotView view) {
    Slot s = view.slot();
    return new SlotResponse(s.id(), s.vendorId(), s.time().startsAt(), s.time().endsAt(),
        s.timeZone().getId(),
        s.time().startsAt().atZone(s.timeZone()).toOffsetDateTime().toString(),
        s.time().endsAt().atZone(s.timeZone()).toOffsetDateTime().toString(),
        s.price().amountMinor(), s.price().currency(), view.state(), view.heldUntil(),
        s.version());
  }
}
