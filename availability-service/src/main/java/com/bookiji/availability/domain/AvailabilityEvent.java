package com.bookiji.availability.domain;

import java.time.Instant;
import java.util.UUID;

/** The facts this service publishes, one per decided command or expiry. */
public sealed interface AvailabilityEvent {

  String reservationId();

  Instant occurredAt();

  record SlotHeld(String reservationId, UUID slotId, String vendorId, UUID holdId,
      Instant expiresAt, Money price, TimeRange slotTime, Instant occurredAt)
      implements AvailabilityEvent {}

  /** {@code slotId} as it was asked for: it may be no slot at all. */
  record SlotHoldRejected(String reservationId, String slotId, HoldRejectionReason reason,
      String detail, Instant occurredAt) implements AvailabilityEvent {}

  /** Ids are null when the reservation never held anything. */
  record HoldReleased(String reservationId, UUID slotId, UUID holdId, Instant occurredAt)
      implements AvailabilityEvent {}

  record HoldExpired(String reservationId, UUID slotId, UUID holdId, Instant expiresAt,
      Instant occurredAt) implements AvailabilityEvent {}

  record HoldCommitted(String reservationId, UUID slotId, UUID holdId, UUID bookingId,
      Instant occurredAt) implements AvailabilityEvent {}

  record HoldCommitRejected(String reservationId, String holdId, CommitRejectionReason reason,
      String detail, Instant occurredAt) implements AvailabilityEvent {}

  record BookingCancelled(String reservationId, UUID slotId, UUID bookingId, Instant occurredAt)
      implements AvailabilityEvent {}
}
