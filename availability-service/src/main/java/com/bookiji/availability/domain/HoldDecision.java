package com.bookiji.availability.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a slot may be held, judged on what the service can see. "Nobody else holds it" is not
 * decided here: the database's one-live-hold-per-slot index decides that atomically.
 */
public sealed interface HoldDecision {

  record Holdable(Slot slot) implements HoldDecision {}

  record Rejected(HoldRejectionReason reason, String detail) implements HoldDecision {}

  static HoldDecision decide(Optional<Slot> slot, Instant now) {
    if (slot.isEmpty() || slot.get().deleted()) {
      return new Rejected(HoldRejectionReason.SLOT_NOT_FOUND, "no such slot");
    }
    Slot s = slot.get();
    if (s.blocked()) {
      return new Rejected(HoldRejectionReason.SLOT_BLOCKED, "the vendor blocked this slot");
    }
    if (s.time().hasStartedAt(now)) {
      return new Rejected(HoldRejectionReason.SLOT_IN_PAST, "the slot has already started");
    }
    if (s.costsNothing()) {
      return new Rejected(HoldRejectionReason.SLOT_UNAVAILABLE,
          "the slot is free (price 0): free slots cannot be reserved");
    }
    return new Holdable(s);
  }
}
