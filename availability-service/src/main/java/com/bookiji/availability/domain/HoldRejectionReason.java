package com.bookiji.availability.domain;

/** Why a slot could not be held (mirrors the contract's SlotHoldRejectionReason). */
public enum HoldRejectionReason {
  SLOT_NOT_FOUND,
  SLOT_UNAVAILABLE,
  SLOT_BLOCKED,
  SLOT_IN_PAST,
  INVALID_REQUEST
}
