package com.bookiji.reconciler.observation.domain;

import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.ledger.domain.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable view of everything the auditor knows at one moment; the checks read only this. */
public record ModelSnapshot(
    Map<String, ReservationView> reservations,
    Map<String, HoldView> holds,
    Map<String, Ledger> ledgers,
    List<Fact.DeadLettered> deadLetters,
    List<Fact.Unreadable> unreadable) {

  public ModelSnapshot {
    reservations = Map.copyOf(reservations);
    holds = Map.copyOf(holds);
    ledgers = Map.copyOf(ledgers);
    deadLetters = List.copyOf(deadLetters);
    unreadable = List.copyOf(unreadable);
  }

  public static ModelSnapshot empty() {
    return new ModelSnapshot(Map.of(), Map.of(), Map.of(), List.of(), List.of());
  }

  /**
   * A reservation as its last state change tells it; {@code state} is null while only its request was
   * seen. {@code stateSince} is when it entered that state.
   */
  public record ReservationView(String reservationId, String slotId, String state, boolean terminal,
      Instant stateSince, Money amount) {

    public boolean confirmed() {
      return "CONFIRMED".equals(state);
    }
  }

  public enum HoldStatus { ACTIVE, BOOKED, ENDED, BOOKING_CANCELLED }

  public record HoldView(String holdId, String reservationId, String slotId, Instant expiresAt,
      HoldStatus status, String bookingId, Instant resolvedAt) {

    public boolean liveBooking() {
      return status == HoldStatus.BOOKED;
    }
  }

  public Optional<ReservationView> reservation(String reservationId) {
    return Optional.ofNullable(reservations.get(reservationId));
  }

  public List<HoldView> holdsOfSlot(String slotId) {
    return holds.values().stream().filter(h -> slotId.equals(h.slotId())).toList();
  }

  public List<HoldView> holdsOfReservation(String reservationId) {
    return holds.values().stream().filter(h -> reservationId.equals(h.reservationId())).toList();
  }
}
