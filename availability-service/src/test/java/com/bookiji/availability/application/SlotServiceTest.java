package com.bookiji.availability.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.availability.application.SlotService.SlotSpec;
import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.availability.domain.CommitRejectionReason;
import com.bookiji.availability.domain.DomainViolation;
import com.bookiji.availability.domain.Hold;
import com.bookiji.availability.domain.HoldStatus;
import com.bookiji.availability.domain.SlotState;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.testkit.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SlotService (the vendor's side) against in-memory stores. */
class SlotServiceTest {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final Instant TOMORROW = NOW.plus(Duration.ofDays(1));

  final TestClock clock = TestClock.at(NOW);
  final InMemoryStores stores = new InMemoryStores();
  final SlotService service = new SlotService(stores.slots, clock);

  @Test
  @DisplayName("a vendor creates, lists and reads its own slots; another vendor can neither read nor change them")
  void vendorsOwnSlots() {
    List<SlotView> created = service.create("vendor-1",
        List.of(spec(TOMORROW), spec(TOMORROW.plusSeconds(3600))));

    assertThat(created).extracting(SlotView::state).containsOnly(SlotState.FREE);
    assertThat(service.list("vendor-1", NOW, NOW.plus(Duration.ofDays(2))))
        .isEqualTo(created);
    UUID first = created.get(0).slot().id();
    assertThat(service.get("vendor-1", first)).isEqualTo(created.get(0));
    assertThatThrownBy(() -> service.get("vendor-2", first))
        .isInstanceOfSatisfying(DomainViolation.class,
            v -> assertThat(v.code()).isEqualTo("SLOT_NOT_FOUND"));
    assertThatThrownBy(() -> service.block("vendor-2", "vendor-1", first))
        .isInstanceOfSatisfying(DomainViolation.class,
            v -> assertThat(v.code()).isEqualTo("NOT_SLOT_OWNER"));
    assertThat(stores.slots.find(first).orElseThrow().blocked()).isFalse();
  }

  @Test
  @DisplayName("a held slot is listed HELD until its TTL and cannot be changed or deleted; blocking it wins, and its commit is refused AVAILABILITY_CHANGED")
  void heldSlot() {
    SlotView slot = service.create("vendor-1", List.of(spec(TOMORROW))).get(0);
    UUID slotId = slot.slot().id();
    Hold hold = Hold.place(UUID.randomUUID(), slot.slot(), "res-1", "requester-1", NOW,
        Duration.ofSeconds(60));
    stores.holds.insertIfSlotFree(hold, new HoldStore.Origin("corr-1", null, "00-trace"));

    assertThat(service.get("vendor-1", slotId).state()).isEqualTo(SlotState.HELD);
    assertThat(service.get("vendor-1", slotId).heldUntil()).isEqualTo(NOW.plusSeconds(60));
    assertThatThrownBy(() -> service.change("vendor-1", "vendor-1", slotId,
        spec(TOMORROW.plusSeconds(7200))))
        .isInstanceOfSatisfying(DomainViolation.class,
            v -> assertThat(v.code()).isEqualTo("SLOT_NOT_FREE"));
    assertThatThrownBy(() -> service.delete("vendor-1", "vendor-1", slotId))
        .isInstanceOfSatisfying(DomainViolation.class,
            v -> assertThat(v.code()).isEqualTo("SLOT_NOT_FREE"));

    assertThat(service.block("vendor-1", "vendor-1", slotId).state()).isEqualTo(SlotState.BLOCKED);

    List<AvailabilityEvent> published = new ArrayList<>();
    AvailabilityProperties properties = new AvailabilityProperties(Duration.ofMinutes(10), Duration.ofMinutes(30),
        Duration.ofMillis(200), 200, Duration.ofSeconds(5), Duration.ofSeconds(5));
    HoldService holds = new HoldService(stores.slots, stores.holds, stores.bookings,
        stores.holdRequests, (event, context) -> published.add(event),
        new AvailabilityMetrics(new SimpleMeterRegistry(),
            stores.holds, stores.bookings, properties, clock),
        properties, clock);
    AvailabilityEvent answer = holds.commit(
        new Commands.CommitHold("res-1", hold.id().toString()),
        new MessageContext("corr-1", null,
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    assertThat(answer).isInstanceOfSatisfying(AvailabilityEvent.HoldCommitRejected.class,
        r -> assertThat(r.reason()).isEqualTo(CommitRejectionReason.AVAILABILITY_CHANGED));
    assertThat(stores.slots.liveHoldStatus(slotId)).isNull();
    assertThat(stores.holds.find(hold.id()).orElseThrow().status()).isNotEqualTo(HoldStatus.ACTIVE);
  }

  @Test
  @DisplayName("a listing whose 'to' is not after 'from', or longer than 92 days, is refused INVALID_RANGE")
  void listRange() {
    assertThatThrownBy(() -> service.list("vendor-1", NOW, NOW))
        .isInstanceOfSatisfying(DomainViolation.class,
            v -> assertThat(v.code()).isEqualTo("INVALID_RANGE"));
    assertThatThrownBy(() -> service.list("vendor-1", NOW, NOW.plus(Duration.ofDays(93))))
        .isInstanceOfSatisfying(DomainViolation.class,
            v -> assertThat(v.code()).isEqualTo("INVALID_RANGE"));
    assertThat(service.list("vendor-1", NOW, NOW.plus(Duration.ofDays(92)))).isEmpty();
  }

  private static SlotSpec spec(Instant startsAt) {
    return new SlotSpec(startsAt, startsAt.plusSeconds(3600), "Europe/Berlin", 4500, "EUR");
  }
}
