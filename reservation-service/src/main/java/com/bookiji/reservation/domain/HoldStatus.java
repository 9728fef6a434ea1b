package com.bookiji.reservation.domain;

/** What the saga knows about the slot hold / booking at availability-service. */
public enum HoldStatus {
  /** Nothing asked yet. */
  NONE,
  /** HoldSlot sent, no answer: a hold may exist. */
  REQUESTED,
  /** The slot is held for us. */
  HELD,
  /** Availability rejected the hold (SlotHoldRejected): nothing held. */
  REJECTED,
  /** The hold became a booking. */
  COMMITTED,
  /** The hold is gone (released or expired): the slot is free. */
  RELEASED,
  /** The booking was cancelled: the slot is free. */
  BOOKING_CANCELLED;

  /** A hold that may be blocking the slot and is not a booking. */
  public boolean mayBlockSlot() {
    return this == REQUESTED || this == HELD;
  }
}
