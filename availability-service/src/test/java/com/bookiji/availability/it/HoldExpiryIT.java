package com.bookiji.availability.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.availability.HoldCommitRejected;
import com.bookiji.schemas.availability.HoldCommitRejectionReason;
import com.bookiji.schemas.availability.HoldExpired;
import com.bookiji.schemas.availability.SlotHeld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Holds expire at their TTL, from the database, also across a restart. */
class HoldExpiryIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final Duration WAIT = Duration.ofSeconds(30);
  static TestDatabase db;
  static AvailabilityInstance service;
  static CommandSender commands;
  static EventCollector events;
  static JdbcClient sql;

  @BeforeAll
  static void start() {
    db = infra.createDatabase("availability_expiry");
    service = AvailabilityInstance.start(db);
    commands = new CommandSender(infra);
    events = new EventCollector(infra);
    sql = JdbcClient.create(db.dataSource());
  }

  @AfterAll
  static void stop() {
    events.close();
    commands.close();
    service.close();
  }

  @Test
  @DisplayName("a hold expires within TTL + 1 s, says HoldExpired, and frees the slot")
  void expiresOnTime() {
    UUID slot = service.createSlot("vendor-expiry");
    String res = Cmd.newReservation("expiry");
    commands.send(res, Cmd.hold(res, slot, 2));
    SlotHeld held = awaitOne(res, SlotHeld.class);

    Instant expiresAt = held.getExpiresAt();
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> "EXPIRED".equals(status(held.getHoldId())));
    Instant observed = Instant.now();
    assertThat(Duration.between(expiresAt, observed)).isLessThan(Duration.ofSeconds(1));

    HoldExpired expired = awaitOne(res, HoldExpired.class);
    assertThat(expired.getHoldId()).isEqualTo(held.getHoldId());
    assertThat(expired.getExpiresAt()).isEqualTo(expiresAt);
    assertThat(Duration.between(expiresAt, expired.getOccurredAt()))
        .isBetween(Duration.ZERO, Duration.ofSeconds(1));

    String next = Cmd.newReservation("after-expiry");
    commands.send(next, Cmd.hold(next, slot, 60));
    assertThat(awaitOne(next, SlotHeld.class).getSlotId()).isEqualTo(slot.toString());
  }

  @Test
  @DisplayName("a commit after expiry is rejected HOLD_EXPIRED and books nothing")
  void commitAfterExpiryRejected() {
    UUID slot = service.createSlot("vendor-late-commit");
    String res = Cmd.newReservation("late-commit");
    commands.send(res, Cmd.hold(res, slot, 1));
    SlotHeld held = awaitOne(res, SlotHeld.class);
    awaitOne(res, HoldExpired.class);

    commands.send(res, Cmd.commit(res, held.getHoldId()));
    HoldCommitRejected rejected = awaitOne(res, HoldCommitRejected.class);
    assertThat(rejected.getReason()).isEqualTo(HoldCommitRejectionReason.HOLD_EXPIRED);
    assertThat(sql.sql("SELECT count(*) FROM bookings WHERE slot_id = ?").param(slot)
        .query(Long.class).single()).isZero();
    assertThat(events.of(res, HoldExpired.class)).as("expired exactly once").hasSize(1);
  }

  @Test
  @DisplayName("holds that fell due while the service was down expire right after it starts")
  void expiryAfterRestart() {
    UUID slot = service.createSlot("vendor-restart");
    String res = Cmd.newReservation("restart");
    commands.send(res, Cmd.hold(res, slot, 2));
    SlotHeld held = awaitOne(res, SlotHeld.class);

    service.close();
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(held.getExpiresAt().plusSeconds(1)));
    assertThat(status(held.getHoldId())).as("nobody expires it while the service is down")
        .isEqualTo("ACTIVE");

    service = AvailabilityInstance.start(db);
    Instant started = Instant.now();
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> "EXPIRED".equals(status(held.getHoldId())));
    assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(2));
    HoldExpired expired = awaitOne(res, HoldExpired.class);
    assertThat(expired.getHoldId()).isEqualTo(held.getHoldId());
  }

  static String status(String holdId) {
    return sql.sql("SELECT status FROM holds WHERE id = ?::uuid").param(holdId)
        .query(String.class).single();
  }

  static <T extends SpecificRecord> T awaitOne(String res, Class<T> type) {
    Awaitility.await().atMost(WAIT).until(() -> !events.of(res, type).isEmpty());
    List<EventCollector.Received> found = events.of(res, type);
    return found.get(0).as(type);
  }
}
