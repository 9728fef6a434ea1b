package com.bookiji.reservation.saga;

import java.time.Instant;

/** What the saga asks others to do; the application writes each one to the outbox. */
public sealed interface Command {

  // ---- availability.commands ----
  record HoldSlot(String slotId, String requesterId, int holdTtlSeconds) implements Command {}

  /** holdId null: release whatever the reservation holds (we asked but never heard back). */
  record ReleaseHold(String holdId, String reason) implements Command {}

  record CommitHold(String holdId) implements Command {}

  record CancelBooking(String bookingId, String reason) implements Command {}

  // ---- payment.commands ----
  record AuthorizePayment(String requesterId, long amountMinor, String currency, int attempt)
      implements Command {}

  record CapturePayment(long amountMinor) implements Command {}

  record VoidPayment(String reason) implements Command {}

  /** amountMinor null: the full captured amount. */
  record RefundPayment(Long amountMinor, String reason) implements Command {}

  // ---- reservation.events ----
  record PublishStateChanged(String previousState, String state, boolean terminal, String trigger,
      String detail, Instant occurredAt) implements Command {}
}
