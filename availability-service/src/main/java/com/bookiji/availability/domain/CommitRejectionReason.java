package com.bookiji.availability.domain;

/** Why a hold could not become a booking (mirrors the contract's HoldCommitRejectionReason). */
public enum CommitRejectionReason {
  AVAILABILITY_CHANGED,
  HOLD_EXPIRED,
  HOLD_RELEASED,
  HOLD_NOT_FOUND
}
