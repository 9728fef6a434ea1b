package com.bookiji.availability.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.availability.domain.AvailabilityEvent.BookingCancelled;
import com.bookiji.availability.domain.AvailabilityEvent.HoldCommitRejected;
import com.bookiji.availability.domain.AvailabilityEvent.HoldCommitted;
import com.bookiji.availability.domain.AvailabilityEvent.HoldExpired;
import com.bookiji.availability.domain.AvailabilityEvent.HoldReleased;
import com.bookiji.availability.domain.AvailabilityEvent.SlotHeld;
import com.bookiji.availability.domain.AvailabilityEvent.SlotHoldRejected;
import com.bookiji.availability.domain.CommitRejectionReason;
import com.bookiji.availability.domain.HoldRejectionReason;
import com.bookiji.availability.domain.Money;
import com.bookiji.availability.domain.Slot;
import com.bookiji.availability.domain.SlotState;
import com.bookiji.availability.domain.TimeRange;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** HoldService against in-memory stores: the use cases' decisions, without broker or database. */
class HoldServiceTest {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  final TestClock clock = TestClock.at(NOW);
  final InMemoryStores stores = new InMemoryStores();
  final List<Published> published = new ArrayList<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final AvailabilityProperties properties = new AvailabilityProperties(Duration.ofMinutes(10), Duration.ofMinutes(30),
      Duration.ofMillis(200), 200, Duration.ofSeconds(5), Duration.ofSeconds(5));
  final HoldService service = new HoldService(stores.slots, stores.holds, stores.bookings,
      stores.holdRequests, (event, context) -> published.add(new Published(event, context)),
      new AvailabilityMetrics(registry, stores.holds, stores.bookings, properties, clock),
      properties, clock);
  final Slot slot = freeSlot();

  record Published(AvailabilityEvent event, MessageContext context) {}

  @Test
  @DisplayName("hold, commit and cancel each decide once: a repeated command publishes the same event again and changes nothing")
  void holdCommitCancelAreIdempotent() {
    SlotHeld held = expect(SlotHeld.class, service.hold(holdSlot("res-1", 0), context("res-1")));
    assertThat(held.expiresAt()).isEqualTo(NOW.plusSeconds(600));
    assertThat(service.hold(holdSlot("res-1", 0), context("res-1"))).isEqualTo(held);
    assertThat(stores.holds.rows).hasSize(1);

    clock.advance(Duration.ofSeconds(10));
    HoldCommitted committed = expect(HoldCommitted.class, service.commit(
        new Commands.CommitHold("res-1", held.holdId().toString()), context("res-1")));
    assertThat(service.commit(new Commands.CommitHold("res-1", held.holdId().toString()),
        context("res-1"))).isEqualTo(committed);
    assertThat(stores.bookings.rows).containsOnlyKeys(committed.bookingId());
    assertThat(stores.slots.view(slot.id()).orElseThrow().state()).isEqualTo(SlotState.BOOKED);

    clock.advance(Duration.ofSeconds(10));
    BookingCancelled cancelled = expect(BookingCancelled.class, service.cancelBooking(
        new Commands.CancelBooking("res-1", committed.bookingId().toString(), "changed plans"),
        context("res-1")));
    assertThat(service.cancelBooking(new Commands.CancelBooking("res-1",
        committed.bookingId().toString(), "changed plans"), context("res-1"))).isEqualTo(cancelled);
    assertThat(cancelled.occurredAt()).isEqualTo(NOW.plusSeconds(20));
    assertThat(stores.slots.view(slot.id()).orElseThrow().state()).isEqualTo(SlotState.FREE);
    assertThat(published).extracting(Published::event)
        .containsExactly(held, held, committed, committed, cancelled, cancelled);
  }

  @Test
  @DisplayName("a held slot refuses a second reservation until the TTL; then the due hold expires in the new hold's transaction, in its own saga's context")
  void dueHoldGivesWayToTheNextReservation() {
    SlotHeld first = expect(SlotHeld.class, service.hold(holdSlot("res-1", 60), context("res-1")));
    assertThat(service.hold(holdSlot("res-2", 60), context("res-2")))
        .isInstanceOfSatisfying(SlotHoldRejected.class,
            r -> assertThat(r.reason()).isEqualTo(HoldRejectionReason.SLOT_UNAVAILABLE));

    clock.advance(Duration.ofSeconds(60));
    published.clear();
    SlotHeld third = expect(SlotHeld.class, service.hold(holdSlot("res-3", 60), context("res-3")));

    assertThat(published).hasSize(2);
    assertThat(published.get(0).event()).isEqualTo(new HoldExpired("res-1", slot.id(),
        first.holdId(), NOW.plusSeconds(60), NOW.plusSeconds(60)));
    assertThat(published.get(0).context().correlationId()).isEqualTo("corr-res-1");
    assertThat(published.get(1).event()).isEqualTo(third);
    assertThat(registry.counter("bookiji.availability.holds.expired").count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a commit past the TTL expires the hold on the spot and is refused HOLD_EXPIRED")
  void lateCommitExpires() {
    SlotHeld held = expect(SlotHeld.class, service.hold(holdSlot("res-1", 60), context("res-1")));
    clock.advance(Duration.ofSeconds(61));
    published.clear();

    AvailabilityEvent answer = service.commit(
        new Commands.CommitHold("res-1", held.holdId().toString()), context("res-1"));

    assertThat(answer).isInstanceOfSatisfying(HoldCommitRejected.class,
        r -> assertThat(r.reason()).isEqualTo(CommitRejectionReason.HOLD_EXPIRED));
    assertThat(published).extracting(Published::event)
        .first().isInstanceOf(HoldExpired.class);
    assertThat(stores.bookings.rows).isEmpty();
    assertThat(stores.slots.view(slot.id()).orElseThrow().state()).isEqualTo(SlotState.FREE);
  }

  @Test
  @DisplayName("a ReleaseHold that arrives before its HoldSlot makes the late HoldSlot a SLOT_UNAVAILABLE rejection and leaves the slot free")
  void releaseBeforeHold() {
    assertThat(service.release(new Commands.ReleaseHold("res-1", null, "gave up"), context("res-1")))
        .isEqualTo(new HoldReleased("res-1", null, null, NOW));

    assertThat(service.hold(holdSlot("res-1", 60), context("res-1")))
        .isInstanceOfSatisfying(SlotHoldRejected.class,
            r -> assertThat(r.reason()).isEqualTo(HoldRejectionReason.SLOT_UNAVAILABLE));
    assertThat(stores.holds.rows).isEmpty();
    assertThat(stores.slots.view(slot.id()).orElseThrow().state()).isEqualTo(SlotState.FREE);
  }

  @Test
  @DisplayName("the expiry sweep expires due holds only, each exactly once")
  void sweepExpiresDueHoldsOnce() {
    Slot other = freeSlot(Duration.ofDays(2));
    service.hold(holdSlot("res-1", 60), context("res-1"));
    service.hold(new Commands.HoldSlot("res-2", other.id().toString(), "requester-2", 120),
        context("res-2"));
    clock.advance(Duration.ofSeconds(60));

    assertThat(service.expireDue(10)).isEqualTo(1);
    assertThat(service.expireDue(10)).isZero();
    assertThat(stores.holds.countActive()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(60));
    assertThat(service.expireDue(10)).isEqualTo(1);
    assertThat(stores.holds.countActive()).isZero();
  }

  /** The answer must be of this type (a readable failure instead of a ClassCastException). */
  private static <T extends AvailabilityEvent> T expect(Class<T> type, AvailabilityEvent answer) {
    assertThat(answer).isInstanceOf(type);
    return type.cast(answer);
  }

  private Slot freeSlot() {
    return freeSlot(Duration.ofDays(1));
  }

  private Slot freeSlot(Duration startsIn) {
    Slot created = Slot.create(UUID.randomUUID(), "vendor-1",
        new TimeRange(NOW.plus(startsIn), NOW.plus(startsIn).plusSeconds(3600)),
        ZoneId.of("Europe/Berlin"), new Money(4500, "EUR"), NOW);
    stores.slots.insert(created, NOW);
    return created;
  }

  private Commands.HoldSlot holdSlot(String reservationId, int ttlSeconds) {
    return new Commands.HoldSlot(reservationId, slot.id().toString(), "requester-" + reservationId,
        ttlSeconds);
  }

  private static MessageContext context(String reservationId) {
    return new MessageContext("corr-" + reservationId, UUID.randomUUID().toString(),
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  }
}
