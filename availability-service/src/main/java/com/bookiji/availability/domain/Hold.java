package com.bookiji.availability.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A reservation's claim on a slot until {@code expiresAt}. Transitions return the next state;
 * persistence writes them with a status guard, so a transition decided on a stale copy changes
 * nothing.
 *
 * @param slotVersion the slot's version when it was held: a commit books exactly that slot
 * @param vendorId the slot's vendor, price and time as held: what SlotHeld told the saga
 * @param commitRejection set when a commit was rejected and the hold released because of it, so a
 *     repeated commit is answered with the same reason
 */
public record Hold(UUID id, UUID slotId, String reservationId, String requesterId,
    HoldStatus status, Instant createdAt, Instant expiresAt, int slotVersion, String vendorId,
    Money price, TimeRange slotTime, UUID bookingId, CommitRejectionReason commitRejection,
    Instant decidedAt) {

  public Hold {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(slotId, "slotId");
    Objects.requireNonNull(reservationId, "reservationId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(vendorId, "vendorId");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(slotTime, "slotTime");
  }

  public static Hold place(UUID id, Slot slot, String reservationId, String requesterId,
      Instant now, java.time.Duration ttl) {
    return new Hold(id, slot.id(), reservationId, requesterId, HoldStatus.ACTIVE, now,
        now.plus(ttl), slot.version(), slot.vendorId(), slot.price(), slot.time(), null, null,
        null);
  }

  /** Due: still active at or after its expiry instant. */
  public boolean isDue(Instant now) {
    return status == HoldStatus.ACTIVE && !now.isBefore(expiresAt);
  }

  public boolean belongsTo(String reservation) {
    return reservationId.equals(reservation);
  }

  public Hold expire(Instant now) {
    requireStatus(HoldStatus.ACTIVE);
    return with(HoldStatus.EXPIRED, bookingId, commitRejection, now);
  }

  public Hold release(Instant now) {
    requireStatus(HoldStatus.ACTIVE);
    return with(HoldStatus.RELEASED, bookingId, commitRejection, now);
  }

  public Hold commit(UUID newBookingId, Instant now) {
    requireStatus(HoldStatus.ACTIVE);
    return with(HoldStatus.COMMITTED, newBookingId, null, now);
  }

  /** A rejected commit frees the slot at once: the saga will fail this reservation anyway. */
  public Hold rejectCommit(CommitRejectionReason reason, Instant now) {
    requireStatus(HoldStatus.ACTIVE);
    return with(HoldStatus.RELEASED, bookingId, reason, now);
  }

  public Hold cancelBooking(Instant now) {
    requireStatus(HoldStatus.COMMITTED);
    return with(HoldStatus.CANCELLED, bookingId, commitRejection, now);
  }

  private Hold with(HoldStatus next, UUID booking, CommitRejectionReason rejection, Instant now) {
    return new Hold(id, slotId, reservationId, requesterId, next, createdAt, expiresAt,
        slotVersion, vendorId, price, slotTime, booking, rejection, now);
  }

  private void requireStatus(HoldStatus expected) {
    if (status != expected) {
      throw new IllegalStateException("hold " + id + " is " + status + ", not " + expected);
    }
  }
}
