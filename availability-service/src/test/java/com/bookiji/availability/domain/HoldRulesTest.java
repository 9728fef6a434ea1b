package com.bookiji.availability.domain;

import static com.bookiji.availability.domain.Fixtures.NOW;
import static com.bookiji.availability.domain.Fixtures.activeHold;
import static com.bookiji.availability.domain.Fixtures.freeSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HoldRulesTest {

  final Slot slot = freeSlot();
  final Hold hold = activeHold(slot, Duration.ofSeconds(60));

  @Test
  @DisplayName("a free slot in the future is holdable; missing, deleted, blocked or started ones are rejected")
  void holdDecision() {
    assertThat(HoldDecision.decide(Optional.of(slot), NOW)).isInstanceOf(HoldDecision.Holdable.class);
    assertThat(rejection(HoldDecision.decide(Optional.empty(), NOW)))
        .isEqualTo(HoldRejectionReason.SLOT_NOT_FOUND);
    assertThat(rejection(HoldDecision.decide(Optional.of(slot.delete(null)), NOW)))
        .isEqualTo(HoldRejectionReason.SLOT_NOT_FOUND);
    assertThat(rejection(HoldDecision.decide(Optional.of(slot.block(null)), NOW)))
        .isEqualTo(HoldRejectionReason.SLOT_BLOCKED);
    assertThat(rejection(HoldDecision.decide(Optional.of(slot), slot.time().startsAt())))
        .isEqualTo(HoldRejectionReason.SLOT_IN_PAST);
  }

  @Test
  @DisplayName("a slot priced 0 from before free slots were refused cannot be held: rejected at once, nothing blocked")
  void freeOldSlotIsNotHoldable() {
    Slot priceless = new Slot(slot.id(), slot.vendorId(), slot.time(), slot.timeZone(),
        new Money(0, "EUR"), false, false, 0);
    HoldDecision decision = HoldDecision.decide(Optional.of(priceless), NOW);
    assertThat(rejection(decision)).isEqualTo(HoldRejectionReason.SLOT_UNAVAILABLE);
    assertThat(((HoldDecision.Rejected) decision).detail()).contains("price 0");
  }

  @Test
  @DisplayName("a hold is due exactly at its TTL, not before")
  void due() {
    assertThat(hold.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    assertThat(hold.isDue(NOW.plusSeconds(59))).isFalse();
    assertThat(hold.isDue(NOW.plusSeconds(60))).isTrue();
    assertThat(hold.expire(NOW.plusSeconds(60)).isDue(NOW.plusSeconds(61))).isFalse();
  }

  @Test
  @DisplayName("only an active hold can expire, be released or be committed; only a committed one cancelled")
  void transitions() {
    Hold expired = hold.expire(NOW);
    assertThatThrownBy(() -> expired.commit(UUID.randomUUID(), NOW)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> expired.release(NOW)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> hold.cancelBooking(NOW)).isInstanceOf(IllegalStateException.class);
    Hold committed = hold.commit(UUID.randomUUID(), NOW);
    assertThat(committed.status().isLive()).isTrue();
    assertThatThrownBy(() -> committed.expire(NOW)).isInstanceOf(IllegalStateException.class);
    assertThat(committed.cancelBooking(NOW).status()).isEqualTo(HoldStatus.CANCELLED);
    assertThat(HoldStatus.CANCELLED.isLive()).isFalse();
  }

  @Test
  @DisplayName("commit books an active, unexpired hold on the unchanged slot")
  void commitBooks() {
    assertThat(CommitDecision.decide(Optional.of(hold), "res-1", Optional.of(slot), NOW.plusSeconds(1)))
        .isInstanceOf(CommitDecision.Book.class);
  }

  @Test
  @DisplayName("commit of another reservation's hold or of no hold: HOLD_NOT_FOUND")
  void commitNotFound() {
    assertThat(rejection(CommitDecision.decide(Optional.of(hold), "res-2", Optional.of(slot), NOW)))
        .isEqualTo(CommitRejectionReason.HOLD_NOT_FOUND);
    assertThat(rejection(CommitDecision.decide(Optional.empty(), "res-1", Optional.empty(), NOW)))
        .isEqualTo(CommitRejectionReason.HOLD_NOT_FOUND);
  }

  @Test
  @DisplayName("commit after the TTL expires the hold and is rejected HOLD_EXPIRED")
  void commitLate() {
    assertThat(CommitDecision.decide(Optional.of(hold), "res-1", Optional.of(slot), NOW.plusSeconds(60)))
        .isInstanceOf(CommitDecision.ExpireAndReject.class);
    assertThat(rejection(CommitDecision.decide(Optional.of(hold.expire(NOW)), "res-1", Optional.of(slot), NOW)))
        .isEqualTo(CommitRejectionReason.HOLD_EXPIRED);
  }

  @Test
  @DisplayName("commit on a blocked, changed or deleted slot releases the hold: AVAILABILITY_CHANGED")
  void commitAvailabilityChanged() {
    Slot changed = new Slot(slot.id(), slot.vendorId(), slot.time(), slot.timeZone(),
        new Money(1, "EUR"), false, false, slot.version() + 1);
    for (Slot s : new Slot[] {slot.block(HoldStatus.ACTIVE), changed, slot.delete(null)}) {
      assertThat(CommitDecision.decide(Optional.of(hold), "res-1", Optional.of(s), NOW))
          .isInstanceOf(CommitDecision.ReleaseAndReject.class);
    }
    Hold rejected = hold.rejectCommit(CommitRejectionReason.AVAILABILITY_CHANGED, NOW);
    assertThat(rejected.status()).isEqualTo(HoldStatus.RELEASED);
    assertThat(rejection(CommitDecision.decide(Optional.of(rejected), "res-1", Optional.of(slot), NOW)))
        .as("a repeated commit gets the same reason").isEqualTo(CommitRejectionReason.AVAILABILITY_CHANGED);
  }

  @Test
  @DisplayName("a repeated commit of a committed (even since cancelled) hold is answered as booked")
  void commitRepeated() {
    Hold committed = hold.commit(UUID.randomUUID(), NOW);
    assertThat(CommitDecision.decide(Optional.of(committed), "res-1", Optional.of(slot), NOW.plusSeconds(600)))
        .isInstanceOf(CommitDecision.AlreadyBooked.class);
    assertThat(CommitDecision.decide(Optional.of(committed.cancelBooking(NOW)), "res-1", Optional.of(slot), NOW))
        .isInstanceOf(CommitDecision.AlreadyBooked.class);
    assertThat(rejection(CommitDecision.decide(Optional.of(hold.release(NOW)), "res-1", Optional.of(slot), NOW)))
        .isEqualTo(CommitRejectionReason.HOLD_RELEASED);
  }

  @Test
  @DisplayName("release: active → released; gone → answered again; committed → refused (cancel the booking)")
  void release() {
    assertThat(ReleaseDecision.decide(Optional.of(hold), "res-1")).isInstanceOf(ReleaseDecision.Release.class);
    assertThat(ReleaseDecision.decide(Optional.of(hold.expire(NOW)), "res-1"))
        .isInstanceOf(ReleaseDecision.AlreadyGone.class);
    assertThat(ReleaseDecision.decide(Optional.of(hold.release(NOW)), "res-1"))
        .isInstanceOf(ReleaseDecision.AlreadyGone.class);
    assertThat(ReleaseDecision.decide(Optional.empty(), "res-1")).isInstanceOf(ReleaseDecision.AlreadyGone.class);
    assertThat(ReleaseDecision.decide(Optional.of(hold.commit(UUID.randomUUID(), NOW)), "res-1"))
        .isInstanceOf(ReleaseDecision.NotReleasable.class);
    assertThat(ReleaseDecision.decide(Optional.of(hold), "res-2")).isInstanceOf(ReleaseDecision.NotReleasable.class);
  }

  private static HoldRejectionReason rejection(HoldDecision d) {
    return ((HoldDecision.Rejected) d).reason();
  }

  private static CommitRejectionReason rejection(CommitDecision d) {
    return ((CommitDecision.Reject) d).reason();
  }
}
