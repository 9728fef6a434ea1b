package com.bookiji.availability.domain;

/** What a slot looks like to vendors and requesters, derived from the slot and its live hold. */
public enum SlotState {
  FREE,
  HELD,
  BOOKED,
  BLOCKED;

  /**
   * A booking wins over a block (a booked slot cannot be blocked, but the order keeps the view
   * honest), a block wins over a hold (that hold's commit will be rejected).
   */
  public static SlotState of(boolean blocked, HoldStatus liveHold) {
    if (liveHold == HoldStatus.COMMITTED) {
      return BOOKED;
    }
    if (blocked) {
      return BLOCKED;
    }
    return liveHold == HoldStatus.ACTIVE ? HELD : FREE;
  }
}
