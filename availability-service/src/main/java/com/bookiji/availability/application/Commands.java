package com.bookiji.availability.application;

/**
 * The commands this service obeys, as the application sees them (fields as received: the use
 * cases validate them, because an invalid field must produce a rejection, not a crash).
 */
public final class Commands {

  private Commands() {}

  public record HoldSlot(String reservationId, String slotId, String requesterId,
      int holdTtlSeconds) {}

  /** {@code holdId} null: release whatever the reservation holds. */
  public record ReleaseHold(String reservationId, String holdId, String reason) {}

  public record CommitHold(String reservationId, String holdId) {}

  public record CancelBooking(String reservationId, String bookingId, String reason) {}
}
