package com.bookiji.availability.domain;

import java.util.Optional;

/**
 * Releasing is compensation and must be idempotent: a hold that is already gone (released,
 * expired, never existed) is answered with HoldReleased and nothing changes. A committed hold is
 * not released behind its booking's back: that needs CancelBooking.
 */
public sealed interface ReleaseDecision {

  record Release(Hold hold) implements ReleaseDecision {}

  record AlreadyGone(Optional<Hold> hold) implements ReleaseDecision {}

  record NotReleasable(Hold hold, String reason) implements ReleaseDecision {}

  static ReleaseDecision decide(Optional<Hold> found, String reservationId) {
    if (found.isEmpty()) {
      return new AlreadyGone(Optional.empty());
    }
    Hold hold = found.get();
    if (!hold.belongsTo(reservationId)) {
      return new NotReleasable(hold, "hold " + hold.id() + " belongs to another reservation");
    }
    return switch (hold.status()) {
      case ACTIVE -> new Release(hold);
      case RELEASED, EXPIRED, CANCELLED -> new AlreadyGone(Optional.of(hold));
      case COMMITTED -> new NotReleasable(hold,
          "hold " + hold.id() + " is booked; cancel booking " + hold.bookingId() + " instead");
    };
  }
}
