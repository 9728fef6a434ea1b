package com.bookiji.availability.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What a {@code CommitHold} does to a hold, re-validated at commit time: the hold must still be
 * active and unexpired, and the slot must be the very slot that was held (not blocked, changed or
 * deleted since). A commit already decided is answered the same way again.
 */
public sealed interface CommitDecision {

  /** Turn the hold into a booking. */
  record Book(Hold hold) implements CommitDecision {}

  /** Already committed (perhaps cancelled since): repeat HoldCommitted with the same booking. */
  record AlreadyBooked(Hold hold) implements CommitDecision {}

  /** Active but past its TTL: expire it now (HoldExpired), then reject with HOLD_EXPIRED. */
  record ExpireAndReject(Hold hold) implements CommitDecision {}

  /** The slot changed under the hold: release it and reject with AVAILABILITY_CHANGED. */
  record ReleaseAndReject(Hold hold, String detail) implements CommitDecision {}

  /** Nothing to change; reject. */
  record Reject(CommitRejectionReason reason, String detail) implements CommitDecision {}

  static CommitDecision decide(Optional<Hold> found, String reservationId, Optional<Slot> slot,
      Instant now) {
    if (found.isEmpty() || !found.get().belongsTo(reservationId)) {
      return new Reject(CommitRejectionReason.HOLD_NOT_FOUND,
          "no such hold for this reservation");
    }
    Hold hold = found.get();
    return switch (hold.status()) {
      case COMMITTED, CANCELLED -> new AlreadyBooked(hold);
      case EXPIRED -> new Reject(CommitRejectionReason.HOLD_EXPIRED,
          "the hold expired at " + hold.expiresAt());
      case RELEASED -> hold.commitRejection() != null
          ? new Reject(hold.commitRejection(), "the hold was released when its commit was refused")
          : new Reject(CommitRejectionReason.HOLD_RELEASED, "the hold was released");
      case ACTIVE -> {
        if (hold.isDue(now)) {
          yield new ExpireAndReject(hold);
        }
        String changed = availabilityChange(hold, slot);
        yield changed == null ? new Book(hold) : new ReleaseAndReject(hold, changed);
      }
    };
  }

  private static String availabilityChange(Hold hold, Optional<Slot> slot) {
    if (slot.isEmpty() || slot.get().deleted()) {
      return "the slot was deleted";
    }
    if (slot.get().blocked()) {
      return "the vendor blocked the slot";
    }
    if (slot.get().version() != hold.slotVersion()) {
      return "the slot changed after it was held";
    }
    return null;
  }
}
