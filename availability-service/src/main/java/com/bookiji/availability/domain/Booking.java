package com.bookiji.availability.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A committed hold: the slot is the reservation's. */
public record Booking(UUID id, UUID slotId, UUID holdId, String reservationId,
    BookingStatus status, Instant createdAt, Instant cancelledAt) {

  public Booking {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(slotId, "slotId");
    Objects.requireNonNull(holdId, "holdId");
    Objects.requireNonNull(reservationId, "reservationId");
    Objects.requireNonNull(status, "status");
  }

  public static Booking of(UUID id, Hold hold, Instant now) {
    return new Booking(id, hold.slotId(), hold.id(), hold.reservationId(), BookingStatus.ACTIVE,
        now, null);
  }

  public boolean belongsTo(String reservation) {
    return reservationId.equals(reservation);
  }

  public Booking cancel(Instant now) {
    if (status != BookingStatus.ACTIVE) {
      throw new IllegalStateException("booking " + id + " is already " + status);
    }
    return new Booking(id, slotId, holdId, reservationId, BookingStatus.CANCELLED, createdAt, now);
  }
}
