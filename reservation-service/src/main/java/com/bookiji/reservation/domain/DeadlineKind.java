package com.bookiji.reservation.domain;

/** Durable timers of a reservation; each one, when it fires, is a message into the saga. */
public enum DeadlineKind {
  /** Availability must answer HoldSlot. */
  HOLD_RESPONSE,
  /** The vendor must confirm or decline. */
  VENDOR_DECISION,
  /** The requester must authorize the card. */
  PAYMENT_AUTHORIZATION,
  /** The hold's TTL (as told by SlotHeld.expiresAt). */
  HOLD_EXPIRY,
  /** Availability must answer CommitHold (re-sent with backoff). */
  COMMIT_RESPONSE,
  /** Payment must answer CapturePayment (re-sent with backoff, same idempotency key). */
  CAPTURE_RESPONSE,
  /** Outstanding compensations must be acknowledged (re-sent with backoff). */
  COMPENSATION_RESPONSE
}
