package com.bookiji.availability.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

final class Fixtures {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private Fixtures() {}

  static Slot freeSlot() {
    return Slot.create(UUID.randomUUID(), "vendor-1",
        new TimeRange(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)).plusSeconds(3600)),
        ZoneId.of("Europe/Berlin"), new Money(4500, "EUR"), NOW);
  }

  static Hold activeHold(Slot slot, Duration ttl) {
    return Hold.place(UUID.randomUUID(), slot, "res-1", "requester-1", NOW, ttl);
  }
}
