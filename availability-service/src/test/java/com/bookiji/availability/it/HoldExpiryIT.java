package com.bookiji.availability.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.schemas.availability.HoldCommitRejected;
import com.bookiji.schemas.availability.HoldCommitRejectionReason;
import com.bookiji.schemas.availability.HoldExpired;
import com.bookiji.schemas.availability.SlotHeld;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Holds expire at their TTL, from the database, also across a restart. */
class HoldExpiryIT {

  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.start("availability_expiry");

  @Test
  @DisplayName("a hold expires within TTL + 1 s, says HoldExpired, and frees the slot")
  void expiresOnTime() {
    UUID slot = sut.createSlot("vendor-expiry");
    String res = Cmd.newReservation("expiry");
    SlotHeld held = sut.held(res, slot, 2);

    Instant expiresAt = held.getExpiresAt();
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> "EXPIRED".equals(sut.holdStatus(held.getHoldId())));
    Instant observed = Instant.now();
    assertThat(Duration.between(expiresAt, observed)).isLessThan(Duration.ofSeconds(1));

    HoldExpired expired = sut.awaitOne(res, HoldExpired.class);
    assertThat(expired.getHoldId()).isEqualTo(held.getHoldId());
    assertThat(expired.getExpiresAt()).isEqualTo(expiresAt);
    assertThat(Duration.between(expiresAt, expired.getOccurredAt()))
        .isBetween(Duration.ZERO, Duration.ofSeconds(1));

    String next = Cmd.newReservation("after-expiry");
    sut.commands.publish(next, Cmd.hold(next, slot, 60));
    assertThat(sut.awaitOne(next, SlotHeld.class).getSlotId()).isEqualTo(slot.toString());
  }

  @Test
  @DisplayName("a commit after expiry is rejected HOLD_EXPIRED and books nothing")
  void commitAfterExpiryRejected() {
    UUID slot = sut.createSlot("vendor-late-commit");
    String res = Cmd.newReservation("late-commit");
    SlotHeld held = sut.held(res, slot, 1);
    sut.awaitOne(res, HoldExpired.class);

    sut.commands.publish(res, Cmd.commit(res, held.getHoldId()));
    HoldCommitRejected rejected = sut.awaitOne(res, HoldCommitRejected.class);
    assertThat(rejected.getReason()).isEqualTo(HoldCommitRejectionReason.HOLD_EXPIRED);
    assertThat(sut.sql.sql("SELECT count(*) FROM bookings WHERE slot_id = ?").param(slot)
        .query(Long.class).single()).isZero();
    assertThat(sut.events.of(res, HoldExpired.class)).as("expired exactly once").hasSize(1);
  }

  @Test
  @DisplayName("holds that fell due while the service was down expire right after it starts")
  void expiryAfterRestart() {
    UUID slot = sut.createSlot("vendor-restart");
    String res = Cmd.newReservation("restart");
    SlotHeld held = sut.held(res, slot, 2);

    sut.stopService();
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(held.getExpiresAt().plusSeconds(1)));
    assertThat(sut.holdStatus(held.getHoldId())).as("nobody expires it while the service is down")
        .isEqualTo("ACTIVE");

    sut.startService();
    Instant started = Instant.now();
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> "EXPIRED".equals(sut.holdStatus(held.getHoldId())));
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(2));
    HoldExpired expired = sut.awaitOne(res, HoldExpired.class);
    assertThat(expired.getHoldId()).isEqualTo(held.getHoldId());
  }

}
