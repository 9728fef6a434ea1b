package com.bookiji.availability.domain;

import static com.bookiji.availability.domain.Fixtures.NOW;
import static com.bookiji.availability.domain.Fixtures.freeSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlotRulesTest {

  @Test
  @DisplayName("a slot must end after it starts")
  void endAfterStart() {
    assertThatThrownBy(() -> new TimeRange(NOW, NOW))
        .isInstanceOf(DomainViolation.class).hasFieldOrPropertyWithValue("code", "INVALID_SLOT_TIMES");
  }

  @Test
  @DisplayName("half-open ranges: back-to-back slots do not overlap, nested ones do")
  void overlap() {
    TimeRange nine = new TimeRange(NOW, NOW.plusSeconds(3600));
    TimeRange ten = new TimeRange(NOW.plusSeconds(3600), NOW.plusSeconds(7200));
    TimeRange inner = new TimeRange(NOW.plusSeconds(600), NOW.plusSeconds(1200));
    assertThat(nine.overlaps(ten)).isFalse();
    assertThat(nine.overlaps(inner)).isTrue();
    assertThat(inner.overlaps(nine)).isTrue();
  }

  @Test
  @DisplayName("a new slot must start in the future")
  void createInPast() {
    assertThatThrownBy(() -> Slot.create(UUID.randomUUID(), "v", new TimeRange(NOW.minusSeconds(1),
        NOW.plusSeconds(60)), ZoneId.of("UTC"), new Money(1, "EUR"), NOW))
        .hasFieldOrPropertyWithValue("code", "SLOT_IN_PAST");
  }

  @Test
  @DisplayName("price is non-negative minor units in an ISO 4217 currency")
  void money() {
    assertThatThrownBy(() -> new Money(-1, "EUR")).hasFieldOrPropertyWithValue("code", "INVALID_PRICE");
    assertThatThrownBy(() -> new Money(1, "eur")).hasFieldOrPropertyWithValue("code", "INVALID_CURRENCY");
    assertThatThrownBy(() -> new Money(1, "XYZ")).hasFieldOrPropertyWithValue("code", "INVALID_CURRENCY");
    assertThat(new Money(0, "JPY").amountMinor()).isZero();
  }

  @Test
  @DisplayName("a slot priced 0 is refused when created or changed (FREE_SLOT_NOT_SUPPORTED): every reservation authorizes a payment")
  void noFreeSlots() {
    Slot slot = freeSlot();
    assertThatThrownBy(() -> Slot.create(UUID.randomUUID(), "vendor-1", slot.time(),
        slot.timeZone(), new Money(0, "EUR"), NOW))
        .hasFieldOrPropertyWithValue("code", "FREE_SLOT_NOT_SUPPORTED");
    assertThatThrownBy(() -> slot.change(slot.time(), slot.timeZone(), new Money(0, "EUR"), null, NOW))
        .hasFieldOrPropertyWithValue("code", "FREE_SLOT_NOT_SUPPORTED");
    assertThat(slot.change(slot.time(), slot.timeZone(), new Money(1, "EUR"), null, NOW).price()
        .amountMinor()).isOne();
  }

  @Test
  @DisplayName("a held or booked slot cannot be changed or deleted; changing bumps the version")
  void changeOnlyUnclaimed() {
    Slot slot = freeSlot();
    TimeRange later = new TimeRange(slot.time().startsAt().plusSeconds(60),
        slot.time().endsAt().plusSeconds(60));
    for (HoldStatus live : new HoldStatus[] {HoldStatus.ACTIVE, HoldStatus.COMMITTED}) {
      assertThatThrownBy(() -> slot.change(later, slot.timeZone(), slot.price(), live, NOW))
          .hasFieldOrPropertyWithValue("code", "SLOT_NOT_FREE");
      assertThatThrownBy(() -> slot.delete(live)).hasFieldOrPropertyWithValue("code", "SLOT_NOT_FREE");
    }
    Slot changed = slot.change(later, slot.timeZone(), new Money(5000, "EUR"), null, NOW);
    assertThat(changed.version()).isEqualTo(slot.version() + 1);
    assertThat(slot.delete(null).deleted()).isTrue();
  }

  @Test
  @DisplayName("a booked slot cannot be blocked; a held one can (its commit will be refused)")
  void block() {
    Slot slot = freeSlot();
    assertThatThrownBy(() -> slot.block(HoldStatus.COMMITTED))
        .hasFieldOrPropertyWithValue("code", "SLOT_BOOKED");
    assertThat(slot.block(HoldStatus.ACTIVE).blocked()).isTrue();
    assertThat(slot.block(null).unblock().blocked()).isFalse();
  }

  @Test
  @DisplayName("the visible state: booked over blocked over held over free")
  void state() {
    assertThat(SlotState.of(false, null)).isEqualTo(SlotState.FREE);
    assertThat(SlotState.of(false, HoldStatus.ACTIVE)).isEqualTo(SlotState.HELD);
    assertThat(SlotState.of(true, HoldStatus.ACTIVE)).isEqualTo(SlotState.BLOCKED);
    assertThat(SlotState.of(true, HoldStatus.COMMITTED)).isEqualTo(SlotState.BOOKED);
  }

  @Test
  @DisplayName("a slot longer than a day is refused")
  void maxLength() {
    Instant start = NOW.plusSeconds(60);
    assertThatThrownBy(() -> new TimeRange(start, start.plusSeconds(86_401)))
        .hasFieldOrPropertyWithValue("code", "INVALID_SLOT_TIMES");
  }
}
