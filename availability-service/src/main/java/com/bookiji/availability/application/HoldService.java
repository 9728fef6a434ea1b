package com.bookiji.availability.application;

import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.availability.domain.Booking;
import com.bookiji.availability.domain.BookingStatus;
import com.bookiji.availability.domain.CommitDecision;
import com.bookiji.availability.domain.CommitRejectionReason;
import com.bookiji.availability.domain.Hold;
import com.bookiji.availability.domain.HoldDecision;
import com.bookiji.availability.domain.HoldRejectionReason;
import com.bookiji.availability.domain.HoldStatus;
import com.bookiji.availability.domain.HoldTtlPolicy;
import com.bookiji.availability.domain.ReleaseDecision;
import com.bookiji.availability.domain.Slot;
import com.bookiji.availability.application.HoldRequestStore.Decision;
import com.bookiji.availability.application.HoldRequestStore.Outcome;
import com.bookiji.availability.application.HoldStore.HoldWithOrigin;
import com.bookiji.availability.application.HoldStore.Origin;
import com.bookiji.platform.messaging.MessageContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hold lifecycle: hold, release, commit, cancel, expire. Each method is one transaction (or
 * joins the inbox's), and every decision publishes exactly one outcome event in it. A repeated
 * command finds the decision already made and publishes the same event again, changing nothing.
 *
 * <p>Lock order, everywhere: slot (share) before hold (update) before booking, so two of these
 * never wait on each other in a cycle.
 */
@Service
public class HoldService {

  private final SlotStore slots;
  private final HoldStore holds;
  private final BookingStore bookings;
  private final HoldRequestStore holdRequests;
  private final AvailabilityEventPublisher events;
  private final AvailabilityMetrics metrics;
  private final HoldTtlPolicy ttlPolicy;
  private final Clock clock;

  public HoldService(SlotStore slots, HoldStore holds, BookingStore bookings,
      HoldRequestStore holdRequests, AvailabilityEventPublisher events,
      AvailabilityMetrics metrics, AvailabilityProperties properties, Clock clock) {
    this.slots = slots;
    this.holds = holds;
    this.bookings = bookings;
    this.holdRequests = holdRequests;
    this.events = events;
    this.metrics = metrics;
    this.ttlPolicy = new HoldTtlPolicy(properties.holdTtl(), properties.maxHoldTtl());
    this.clock = clock;
  }

  @Transactional
  public AvailabilityEvent hold(Commands.HoldSlot cmd, MessageContext context) {
    String reservationId = requireReservation(cmd.reservationId());
    Instant now = clock.instant();
    Optional<UUID> slotId = parseUuid(cmd.slotId());
    Optional<Duration> ttl = ttlPolicy.resolve(cmd.holdTtlSeconds());
    if (slotId.isEmpty() || ttl.isEmpty() || isBlank(cmd.requesterId())) {
      // Invalid input changes nothing, not even the decision record.
      return publish(new AvailabilityEvent.SlotHoldRejected(reservationId, String.valueOf(cmd.slotId()),
          HoldRejectionReason.INVALID_REQUEST,
          slotId.isEmpty() ? "slotId is not a slot id" : ttl.isEmpty()
              ? "holdTtlSeconds must not be negative" : "requesterId is required", now), context);
    }
    Optional<Decision> earlier = holdRequests.find(reservationId);
    if (earlier.isPresent()) {
      return repeatHoldDecision(earlier.get(), cmd.slotId(), context);
    }
    Optional<Slot> slot = slots.findForShare(slotId.get());
    if (HoldDecision.decide(slot, now) instanceof HoldDecision.Rejected rejected) {
      return rejectHold(reservationId, cmd.slotId(), rejected.reason(), rejected.detail(), now,
          context);
    }
    Hold hold = Hold.place(UUID.randomUUID(), slot.get(), reservationId, cmd.requesterId(), now,
        ttl.get());
    Origin origin = originOf(context);
    boolean placed = holds.insertIfSlotFree(hold, origin);
    if (!placed) {
      // A hold past its TTL that the expiry sweep has not reached yet must not turn this
      // requester away: expire it here, in this transaction (with its HoldExpired), and retry.
      Optional<HoldWithOrigin> due = holds.lockDueOnSlot(slotId.get(), now);
      if (due.isPresent()) {
        expire(due.get(), now);
        placed = holds.insertIfSlotFree(hold, origin);
      }
    }
    if (!placed) {
      return rejectHold(reservationId, cmd.slotId(), HoldRejectionReason.SLOT_UNAVAILABLE,
          "the slot is held or booked", now, context);
    }
    recordDecision(reservationId, cmd.slotId(), Outcome.HELD, hold.id(), null, null, now);
    return publish(slotHeld(hold), context);
  }

  @Transactional
  public AvailabilityEvent release(Commands.ReleaseHold cmd, MessageContext context) {
    String reservationId = requireReservation(cmd.reservationId());
    Instant now = clock.instant();
    Optional<Hold> found;
    if (cmd.holdId() != null) {
      UUID holdId = parseUuid(cmd.holdId())
          .orElseThrow(() -> new CommandRefused("holdId is not a hold id: " + cmd.holdId()));
      found = lockHold(holdId);
    } else {
      found = holds.findByReservationForUpdate(reservationId);
    }
    ReleaseDecision decision = ReleaseDecision.decide(found, reservationId);
    if (decision instanceof ReleaseDecision.Release r) {
      holds.transition(HoldStatus.ACTIVE, r.hold().release(now));
      return publish(new AvailabilityEvent.HoldReleased(reservationId, r.hold().slotId(),
          r.hold().id(), now), context);
    }
    if (decision instanceof ReleaseDecision.NotReleasable nr) {
      throw new CommandRefused(nr.reason());
    }
    Optional<Hold> gone = ((ReleaseDecision.AlreadyGone) decision).hold();
    if (gone.isEmpty() && cmd.holdId() == null && holdRequests.find(reservationId).isEmpty()) {
      // Released before it was ever held (the saga gave up first): a late HoldSlot for this
      // reservation must not hold the slot afterwards.
      recordDecision(reservationId, "", Outcome.REJECTED, null,
          HoldRejectionReason.SLOT_UNAVAILABLE,
          "the reservation released its hold before it was placed", now);
    }
    Hold h = gone.orElse(null);
    return publish(new AvailabilityEvent.HoldReleased(reservationId,
        h == null ? null : h.slotId(),
        h == null ? parseUuid(cmd.holdId()).orElse(null) : h.id(),
        h != null && h.decidedAt() != null ? h.decidedAt() : now), context);
  }

  @Transactional
  public AvailabilityEvent commit(Commands.CommitHold cmd, MessageContext context) {
    String reservationId = requireReservation(cmd.reservationId());
    Instant now = clock.instant();
    Optional<UUID> holdId = parseUuid(cmd.holdId());
    if (holdId.isEmpty()) {
      return publish(new AvailabilityEvent.HoldCommitRejected(reservationId,
          String.valueOf(cmd.holdId()), CommitRejectionReason.HOLD_NOT_FOUND,
          "holdId is not a hold id", now), context);
    }
    Optional<Hold> peek = holds.find(holdId.get());
    Optional<Slot> slot = peek.flatMap(h -> slots.findForShare(h.slotId()));
    Optional<Hold> hold = peek.isEmpty() ? peek : holds.findForUpdate(holdId.get());

    CommitDecision decision = CommitDecision.decide(hold, reservationId, slot, now);
    if (decision instanceof CommitDecision.Book book) {
      Hold committed = book.hold().commit(UUID.randomUUID(), now);
      holds.transition(HoldStatus.ACTIVE, committed);
      bookings.insert(Booking.of(committed.bookingId(), committed, now));
      return publish(new AvailabilityEvent.HoldCommitted(reservationId, committed.slotId(),
          committed.id(), committed.bookingId(), now), context);
    }
    if (decision instanceof CommitDecision.AlreadyBooked booked) {
      Hold h = booked.hold();
      Instant bookedAt = bookings.find(h.bookingId()).map(Booking::createdAt)
          .orElse(h.decidedAt());
      return publish(new AvailabilityEvent.HoldCommitted(reservationId, h.slotId(), h.id(),
          h.bookingId(), bookedAt), context);
    }
    if (decision instanceof CommitDecision.ExpireAndReject late) {
      expire(new HoldWithOrigin(late.hold(), holds.originOf(late.hold().id())), now);
      return publish(new AvailabilityEvent.HoldCommitRejected(reservationId, cmd.holdId(),
          CommitRejectionReason.HOLD_EXPIRED, "the hold expired at " + late.hold().expiresAt(),
          now), context);
    }
    if (decision instanceof CommitDecision.ReleaseAndReject changed) {
      holds.transition(HoldStatus.ACTIVE,
          changed.hold().rejectCommit(CommitRejectionReason.AVAILABILITY_CHANGED, now));
      return publish(new AvailabilityEvent.HoldCommitRejected(reservationId, cmd.holdId(),
          CommitRejectionReason.AVAILABILITY_CHANGED, changed.detail(), now), context);
    }
    CommitDecision.Reject rejection = (CommitDecision.Reject) decision;
    return publish(new AvailabilityEvent.HoldCommitRejected(reservationId, cmd.holdId(),
        rejection.reason(), rejection.detail(), now), context);
  }

  @Transactional
  public AvailabilityEvent cancelBooking(Commands.CancelBooking cmd, MessageContext context) {
    String reservationId = requireReservation(cmd.reservationId());
    Instant now = clock.instant();
    UUID bookingId = parseUuid(cmd.bookingId())
        .orElseThrow(() -> new CommandRefused("bookingId is not a booking id: " + cmd.bookingId()));
    Booking booking = bookings.find(bookingId)
        .filter(b -> b.belongsTo(reservationId))
        .orElseThrow(() -> new CommandRefused(
            "no booking " + bookingId + " for reservation " + reservationId));
    Optional<Slot> ignoredSlotLock = slots.findForShare(booking.slotId());
    Hold hold = holds.findForUpdate(booking.holdId()).orElseThrow();
    booking = bookings.findForUpdate(bookingId).orElseThrow();
    if (booking.status() == BookingStatus.CANCELLED) {
      return publish(new AvailabilityEvent.BookingCancelled(reservationId, booking.slotId(),
          booking.id(), booking.cancelledAt()), context);
    }
    holds.transition(HoldStatus.COMMITTED, hold.cancelBooking(now));
    bookings.cancel(booking.cancel(now));
    return publish(new AvailabilityEvent.BookingCancelled(reservationId, booking.slotId(),
        booking.id(), now), context);
  }

  /**
   * Expires up to {@code limit} due holds in one transaction. Safe in every instance at once:
   * the due rows are locked with SKIP LOCKED, so each hold is expired by exactly one of them.
   *
   * @return how many holds this call expired
   */
  @Transactional
  public int expireDue(int limit) {
    Instant now = clock.instant();
    List<HoldWithOrigin> due = holds.lockDue(now, limit);
    due.forEach(h -> expire(h, now));
    return due.size();
  }

  private void expire(HoldWithOrigin due, Instant now) {
    Hold expired = due.hold().expire(now);
    holds.transition(HoldStatus.ACTIVE, expired);
    Origin o = due.origin();
    metrics.holdExpired(Duration.between(expired.expiresAt(), now));
    publish(new AvailabilityEvent.HoldExpired(expired.reservationId(), expired.slotId(),
        expired.id(), expired.expiresAt(), now),
        new MessageContext(o.correlationId(), o.causationId(), o.traceparent()));
  }

  private Optional<Hold> lockHold(UUID holdId) {
    Optional<Hold> peek = holds.find(holdId);
    peek.ifPresent(h -> slots.findForShare(h.slotId()));
    return peek.isEmpty() ? peek : holds.findForUpdate(holdId);
  }

  private AvailabilityEvent repeatHoldDecision(Decision decision, String slotId,
      MessageContext context) {
    return switch (decision.outcome()) {
      case HELD -> publish(slotHeld(holds.find(decision.holdId()).orElseThrow()), context);
      case REJECTED -> publish(new AvailabilityEvent.SlotHoldRejected(decision.reservationId(),
          decision.slotId().isEmpty() ? slotId : decision.slotId(), decision.rejectionReason(),
          decision.rejectionDetail(), decision.decidedAt()), context);
    };
  }

  private AvailabilityEvent rejectHold(String reservationId, String slotId,
      HoldRejectionReason reason, String detail, Instant now, MessageContext context) {
    recordDecision(reservationId, slotId, Outcome.REJECTED, null, reason, detail, now);
    return publish(new AvailabilityEvent.SlotHoldRejected(reservationId, slotId, reason, detail,
        now), context);
  }

  private void recordDecision(String reservationId, String slotId, Outcome outcome, UUID holdId,
      HoldRejectionReason reason, String detail, Instant now) {
    if (!holdRequests.record(reservationId, slotId, outcome, holdId, reason, detail, now)) {
      // Rolls back this transaction's effects; the redelivery then repeats the first decision.
      throw new ConcurrentDecisionException("reservation " + reservationId
          + " was decided concurrently by another transaction");
    }
  }

  private static AvailabilityEvent.SlotHeld slotHeld(Hold hold) {
    return new AvailabilityEvent.SlotHeld(hold.reservationId(), hold.slotId(), hold.vendorId(),
        hold.id(), hold.expiresAt(), hold.price(), hold.slotTime(), hold.createdAt());
  }

  private AvailabilityEvent publish(AvailabilityEvent event, MessageContext context) {
    events.publish(event, context);
    return event;
  }

  private static Origin originOf(MessageContext context) {
    return new Origin(context.correlationId(), context.causationId(), context.traceparent());
  }

  private static String requireReservation(String reservationId) {
    if (isBlank(reservationId)) {
      // No reservation id, no key to answer on: nobody could ever read a rejection event.
      throw new CommandRefused("reservationId is required");
    }
    return reservationId;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static Optional<UUID> parseUuid(String value) {
    if (value == null || value.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
