package com.bookiji.availability.domain;

/**
 * ACTIVE and COMMITTED are "live": the database allows at most one live hold per slot. Every other
 * status is final and frees the slot.
 */
public enum HoldStatus {
  ACTIVE,
  COMMITTED,
  RELEASED,
  EXPIRED,
  /** Was committed; its booking was cancelled. */
  CANCELLED;

  public boolean isLive() {
    return this == ACTIVE || this == COMMITTED;
  }
}
