package com.bookiji.availability.application;

import com.bookiji.availability.domain.Booking;
import com.bookiji.availability.domain.BookingStatus;
import com.bookiji.availability.domain.DomainViolation;
import com.bookiji.availability.domain.Hold;
import com.bookiji.availability.domain.HoldRejectionReason;
import com.bookiji.availability.domain.HoldStatus;
import com.bookiji.availability.domain.Slot;
import com.bookiji.availability.domain.SlotState;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The four stores in memory, for fast tests of the application services on one thread. They keep
 * the promises of the ports that the services rely on (one live hold per slot, status-guarded
 * transitions, one decision per reservation); locks are no-ops, since nothing runs concurrently.
 */
final class InMemoryStores {

  final Slots slots = new Slots();
  final Holds holds = new Holds();
  final Bookings bookings = new Bookings();
  final HoldRequests holdRequests = new HoldRequests();

  final class Slots implements SlotStore {
    final Map<UUID, Slot> rows = new LinkedHashMap<>();

    @Override
    public void insert(Slot slot, Instant now) {
      refuseOverlap(slot);
      rows.put(slot.id(), slot);
    }

    @Override
    public void update(Slot slot, Instant now) {
      refuseOverlap(slot);
      rows.put(slot.id(), slot);
    }

    private void refuseOverlap(Slot slot) {
      boolean overlaps = !slot.deleted() && rows.values().stream()
          .filter(other -> !other.id().equals(slot.id()) && !other.deleted())
          .filter(other -> other.vendorId().equals(slot.vendorId()))
          .anyMatch(other -> other.time().startsAt().isBefore(slot.time().endsAt())
              && slot.time().startsAt().isBefore(other.time().endsAt()));
      if (overlaps) {
        throw new DomainViolation("SLOT_OVERLAP", "the slot overlaps another of this vendor's slots");
      }
    }

    @Override
    public Optional<Slot> find(UUID id) {
      return Optional.ofNullable(rows.get(id));
    }

    @Override
    public Optional<Slot> findForShare(UUID id) {
      return find(id);
    }

    @Override
    public Optional<Slot> findForUpdate(UUID id) {
      return find(id);
    }

    @Override
    public HoldStatus liveHoldStatus(UUID slotId) {
      return holds.live(slotId).map(Hold::status).orElse(null);
    }

    @Override
    public Optional<SlotView> view(UUID id) {
      return find(id).filter(s -> !s.deleted()).map(this::view);
    }

    @Override
    public List<SlotView> listByVendor(String vendorId, Instant from, Instant to, int limit) {
      return rows.values().stream()
          .filter(s -> s.vendorId().equals(vendorId) && !s.deleted())
          .filter(s -> s.time().startsAt().isBefore(to) && s.time().endsAt().isAfter(from))
          .sorted(Comparator.comparing(s -> s.time().startsAt()))
          .limit(limit).map(this::view).toList();
    }

    private SlotView view(Slot slot) {
      Optional<Hold> live = holds.live(slot.id());
      HoldStatus status = live.map(Hold::status).orElse(null);
      return new SlotView(slot, SlotState.of(slot.blocked(), status),
          status == HoldStatus.ACTIVE ? live.get().expiresAt() : null);
    }
  }

  final class Holds implements HoldStore {
    final Map<UUID, HoldWithOrigin> rows = new LinkedHashMap<>();

    Optional<Hold> live(UUID slotId) {
      return rows.values().stream().map(HoldWithOrigin::hold)
          .filter(h -> h.slotId().equals(slotId))
          .filter(h -> h.status() == HoldStatus.ACTIVE || h.status() == HoldStatus.COMMITTED)
          .findFirst();
    }

    @Override
    public boolean insertIfSlotFree(Hold hold, Origin origin) {
      if (live(hold.slotId()).isPresent()) {
        return false;
      }
      rows.put(hold.id(), new HoldWithOrigin(hold, origin));
      return true;
    }

    @Override
    public void transition(HoldStatus from, Hold to) {
      HoldWithOrigin stored = rows.get(to.id());
      if (stored == null || stored.hold().status() != from) {
        throw new IllegalStateException("hold " + to.id() + " was not " + from + " any more");
      }
      rows.put(to.id(), new HoldWithOrigin(to, stored.origin()));
    }

    @Override
    public Optional<Hold> find(UUID id) {
      return Optional.ofNullable(rows.get(id)).map(HoldWithOrigin::hold);
    }

    @Override
    public Optional<Hold> findForUpdate(UUID id) {
      return find(id);
    }

    @Override
    public Optional<Hold> findByReservationForUpdate(String reservationId) {
      return rows.values().stream().map(HoldWithOrigin::hold)
          .filter(h -> h.reservationId().equals(reservationId)).findFirst();
    }

    @Override
    public List<HoldWithOrigin> lockDue(Instant now, int limit) {
      return rows.values().stream()
          .filter(h -> h.hold().status() == HoldStatus.ACTIVE && !h.hold().expiresAt().isAfter(now))
          .sorted(Comparator.comparing(h -> h.hold().expiresAt())).limit(limit).toList();
    }

    @Override
    public Optional<HoldWithOrigin> lockDueOnSlot(UUID slotId, Instant now) {
      return lockDue(now, Integer.MAX_VALUE).stream()
          .filter(h -> h.hold().slotId().equals(slotId)).findFirst();
    }

    @Override
    public Origin originOf(UUID holdId) {
      return rows.get(holdId).origin();
    }

    @Override
    public long countActive() {
      return rows.values().stream().filter(h -> h.hold().status() == HoldStatus.ACTIVE).count();
    }

    @Override
    public long countActiveDueBefore(Instant threshold) {
      return rows.values().stream().filter(h -> h.hold().status() == HoldStatus.ACTIVE)
          .filter(h -> h.hold().expiresAt().isBefore(threshold)).count();
    }
  }

  static final class Bookings implements BookingStore {
    final Map<UUID, Booking> rows = new LinkedHashMap<>();

    @Override
    public void insert(Booking booking) {
      boolean slotBooked = rows.values().stream().anyMatch(b -> b.slotId().equals(booking.slotId())
          && b.status() == BookingStatus.ACTIVE);
      if (slotBooked) {
        throw new IllegalStateException("slot " + booking.slotId() + " already has an active booking");
      }
      rows.put(booking.id(), booking);
    }

    @Override
    public void cancel(Booking cancelled) {
      Booking stored = rows.get(cancelled.id());
      if (stored == null || stored.status() != BookingStatus.ACTIVE) {
        throw new IllegalStateException("booking " + cancelled.id() + " was not active any more");
      }
      rows.put(cancelled.id(), cancelled);
    }

    @Override
    public Optional<Booking> find(UUID id) {
      return Optional.ofNullable(rows.get(id));
    }

    @Override
    public Optional<Booking> findForUpdate(UUID id) {
      return find(id);
    }

    @Override
    public long countActive() {
      return rows.values().stream().filter(b -> b.status() == BookingStatus.ACTIVE).count();
    }
  }

  static final class HoldRequests implements HoldRequestStore {
    final Map<String, Decision> rows = new LinkedHashMap<>();

    @Override
    public boolean record(String reservationId, String slotId, Outcome outcome, UUID holdId,
        HoldRejectionReason reason, String detail, Instant now) {
      return rows.putIfAbsent(reservationId,
          new Decision(reservationId, slotId, outcome, holdId, reason, detail, now)) == null;
    }

    @Override
    public Optional<Decision> find(String reservationId) {
      return Optional.ofNullable(rows.get(reservationId));
    }
  }
}
