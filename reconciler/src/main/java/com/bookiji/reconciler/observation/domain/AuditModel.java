package com.bookiji.reconciler.observation.domain;

import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldStatus;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldView;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The auditor's own typed model, folded from facts. Applying a fact twice (same event id) changes
 * nothing; facts of one reservation arrive in log order (one partition per reservation per topic),
 * and where topics race (a state change against a hold event) the latest producer time wins and a
 * hold that ended stays ended. Not thread-safe: the application layer serialises access.
 */
public final class AuditModel {

  private final Set<UUID> applied = new HashSet<>();
  private final Map<String, ReservationView> reservations = new HashMap<>();
  private final Map<String, HoldView> holds = new HashMap<>();
  private final Map<String, Ledger> ledgers = new HashMap<>();
  /** Holds of a reservation ended before their SlotHeld was seen (a release without a hold id). */
  private final Map<String, Instant> endedWithoutHoldId = new HashMap<>();
  private final List<Fact.DeadLettered> deadLetters = new ArrayList<>();
  private final List<Fact.Unreadable> unreadable = new ArrayList<>();

  /** True when the fact was new. */
  public boolean apply(UUID eventId, Fact fact) {
    if (!applied.add(eventId)) {
      return false;
    }
    if (fact instanceof Fact.ReservationRequested f) {
      reservations.merge(f.reservationId(),
          new ReservationView(f.reservationId(), f.slotId(), null, false, f.at(), null),
          (old, fresh) -> new ReservationView(old.reservationId(), f.slotId(), old.state(), old.terminal(),
              old.stateSince(), old.amount()));
    } else if (fact instanceof Fact.ReservationStateChanged f) {
      stateChanged(f);
    } else if (fact instanceof Fact.SlotHeld f) {
      slotHeld(f);
    } else if (fact instanceof Fact.HoldCommitted f) {
      holds.compute(f.holdId(), (id, h) -> h == null
          ? new HoldView(id, f.reservationId(), f.slotId(), null, HoldStatus.BOOKED, f.bookingId(), f.at())
          : h.status() == HoldStatus.ACTIVE
              ? new HoldView(id, h.reservationId(), h.slotId(), h.expiresAt(), HoldStatus.BOOKED, f.bookingId(), f.at())
              : h);
    } else if (fact instanceof Fact.HoldEnded f) {
      holdEnded(f);
    } else if (fact instanceof Fact.BookingCancelled f) {
      holds.replaceAll((id, h) -> f.bookingId().equals(h.bookingId())
          ? new HoldView(id, h.reservationId(), h.slotId(), h.expiresAt(), HoldStatus.BOOKING_CANCELLED,
              h.bookingId(), f.at())
          : h);
    } else if (fact instanceof Fact.PaymentAuthorized f) {
      ledger(f.reservationId(), l -> l.authorized(f.paymentIntentId(), f.amount(), f.at()));
    } else if (fact instanceof Fact.PaymentCaptured f) {
      ledger(f.reservationId(), l -> l.captured(f.paymentIntentId(), f.chargeId(), f.amount(), f.at()));
    } else if (fact instanceof Fact.PaymentVoided f) {
      ledger(f.reservationId(), l -> f.paymentIntentId() == null
          ? voidAllOpen(l, f.at())
          : l.voided(f.paymentIntentId(), f.at()));
    } else if (fact instanceof Fact.PaymentAuthorizationExpired f) {
      ledger(f.reservationId(), l -> l.expired(f.paymentIntentId(), f.at()));
    } else if (fact instanceof Fact.PaymentRefunded f) {
      ledger(f.reservationId(), l -> l.refunded(f.paymentIntentId(), f.refundId(), f.amount(), f.at()));
    } else if (fact instanceof Fact.PaymentDisputed f) {
      ledger(f.reservationId(), l -> l.disputed(f.paymentIntentId(), f.disputeId(), f.amount(), f.status(), f.at()));
    } else if (fact instanceof Fact.DeadLettered f) {
      deadLetters.add(f);
    } else if (fact instanceof Fact.Unreadable f) {
      unreadable.add(f);
    }
    // Fact.Noted: seen (and deduplicated), nothing to fold.
    return true;
  }

  public ModelSnapshot snapshot() {
    return new ModelSnapshot(reservations, holds, ledgers, deadLetters, unreadable);
  }

  private void stateChanged(Fact.ReservationStateChanged f) {
    ReservationView old = reservations.get(f.reservationId());
    if (old != null && old.state() != null && old.stateSince().isAfter(f.at())) {
      return; // an older state change arriving late
    }
    reservations.put(f.reservationId(), new ReservationView(f.reservationId(),
        old == null ? null : old.slotId(), f.state(), f.terminal(), f.at(),
        f.amount() != null ? f.amount() : old == null ? null : old.amount()));
  }

  private void slotHeld(Fact.SlotHeld f) {
    Instant endedEarlier = endedWithoutHoldId.remove(f.reservationId());
    HoldView existing = holds.get(f.holdId());
    if (existing != null) {
      holds.put(f.holdId(), new HoldView(f.holdId(), f.reservationId(), f.slotId(), f.expiresAt(),
          existing.status(), existing.bookingId(), existing.resolvedAt()));
    } else if (endedEarlier != null) {
      holds.put(f.holdId(), new HoldView(f.holdId(), f.reservationId(), f.slotId(), f.expiresAt(),
          HoldStatus.ENDED, null, endedEarlier));
    } else {
      holds.put(f.holdId(), new HoldView(f.holdId(), f.reservationId(), f.slotId(), f.expiresAt(),
          HoldStatus.ACTIVE, null, null));
    }
    reservations.computeIfAbsent(f.reservationId(),
        id -> new ReservationView(id, f.slotId(), null, false, f.at(), f.price()));
  }

  private void holdEnded(Fact.HoldEnded f) {
    if (f.holdId() == null) {
      List<HoldView> ofReservation = holds.values().stream()
          .filter(h -> f.reservationId().equals(h.reservationId())).toList();
      if (ofReservation.isEmpty()) {
        endedWithoutHoldId.put(f.reservationId(), f.at());
      }
      ofReservation.forEach(h -> end(h.holdId(), f.at()));
      return;
    }
    if (!holds.containsKey(f.holdId())) {
      holds.put(f.holdId(), new HoldView(f.holdId(), f.reservationId(), null, null, HoldStatus.ENDED, null, f.at()));
      return;
    }
    end(f.holdId(), f.at());
  }

  private void end(String holdId, Instant at) {
    holds.computeIfPresent(holdId, (id, h) -> h.status() == HoldStatus.ACTIVE
        ? new HoldView(id, h.reservationId(), h.slotId(), h.expiresAt(), HoldStatus.ENDED, null, at)
        : h);
  }

  private static Ledger voidAllOpen(Ledger ledger, Instant at) {
    Ledger next = ledger;
    for (var open : ledger.openAuthorizations()) {
      next = next.voided(open.paymentIntentId(), at);
    }
    return next;
  }

  private void ledger(String reservationId, java.util.function.UnaryOperator<Ledger> change) {
    ledgers.put(reservationId, change.apply(ledgers.getOrDefault(reservationId, Ledger.empty(reservationId))));
  }
}
