package com.bookiji.reconciler.console.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Saga-aware replay of a dead letter. Events are facts: their consumers deduplicate by event id, so
 * replaying one is always safe. A command that moves a saga forward applies only while the saga
 * still waits for it (a {@code CapturePayment} once the reservation was compensated would take money
 * for a booking that no longer exists). A compensating command (release, cancel, void, refund) is
 * idempotent at its receiver and wanted whenever it was dead-lettered, so it may always go again.
 */
public final class ReplayPolicy {

  /** Forward commands and the saga states that still wait for them. */
  private static final Map<String, Set<String>> FORWARD_COMMANDS = Map.of(
      "HoldSlot", Set.of("HOLD_PENDING"),
      "AuthorizePayment", Set.of("HOLD_PENDING", "AWAITING_CONFIRMATIONS"),
      "CommitHold", Set.of("COMMIT_PENDING"),
      "CapturePayment", Set.of("CAPTURE_PENDING"));

  private static final Set<String> COMPENSATING_COMMANDS =
      Set.of("ReleaseHold", "CancelBooking", "VoidPayment", "RefundPayment");

  private ReplayPolicy() {}

  /**
   * @param eventType the dead-lettered message's type (its header), null when nobody could read it
   * @param reservation the reservation as the auditor knows it now, if at all
   * @param alreadyReplayed whether this very dead letter went back once already
   */
  public static ReplayDecision decide(String eventType, Optional<ReservationView> reservation,
      boolean alreadyReplayed) {
    if (alreadyReplayed) {
      return new ReplayDecision.Refused("DEAD_LETTER_ALREADY_REPLAYED",
          "this dead letter was replayed already; a second copy would only be deduplicated or fail again");
    }
    if (eventType == null) {
      return new ReplayDecision.Replay("its type is unknown (it could not be read); the consumer decides again");
    }
    if (COMPENSATING_COMMANDS.contains(eventType)) {
      return new ReplayDecision.Replay(eventType + " is a compensation; its receiver applies it at most once");
    }
    Set<String> waitingStates = FORWARD_COMMANDS.get(eventType);
    if (waitingStates == null) {
      return new ReplayDecision.Replay(eventType + " is an event; its consumers deduplicate it by event id");
    }
    if (reservation.isEmpty() || reservation.get().state() == null) {
      return new ReplayDecision.Refused("REPLAY_NO_LONGER_APPLIES",
          eventType + " moves a saga forward, but the auditor knows no state of its reservation");
    }
    ReservationView r = reservation.get();
    if (!waitingStates.contains(r.state())) {
      return new ReplayDecision.Refused("REPLAY_NO_LONGER_APPLIES", eventType + " no longer applies: reservation "
          + r.reservationId() + " is " + r.state() + (r.terminal() ? " (ended)" : "") + " since " + r.stateSince()
          + ", it waits for " + eventType + " only in " + waitingStates);
    }
    return new ReplayDecision.Replay("reservation " + r.reservationId() + " is " + r.state() + " and still waits for "
        + eventType);
  }
}
