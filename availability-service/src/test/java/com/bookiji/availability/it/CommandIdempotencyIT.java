package com.bookiji.availability.it;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

import com.bookiji.platform.inbox.DeadLetterHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.BookingCancelled;
import com.bookiji.schemas.availability.HoldCommitRejected;
import com.bookiji.schemas.availability.HoldCommitRejectionReason;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.HoldReleased;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.availability.SlotHoldRejected;
import com.bookiji.schemas.availability.SlotHoldRejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every command through the real broker, inbox and outbox: the happy path, then redelivery (same
 * event id: the inbox drops it) and repetition (new event id: the same outcome event again, no
 * second effect) of each command type, and poison commands to the dead-letter topic.
 */
class CommandIdempotencyIT {

  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.start("availability_idempotency");

  @Test
  @DisplayName("hold → commit → cancel: each command gets its outcome event, keyed by the reservation")
  void happyPath() {
    UUID slot = sut.createSlot("vendor-happy");
    String res = Cmd.newReservation("happy");

    SlotHeld held = sut.held(res, slot, 300);
    assertThat(held.getSlotId()).isEqualTo(slot.toString());
    assertThat(held.getVendorId()).isEqualTo("vendor-happy");
    assertThat(held.getPriceAmountMinor()).isEqualTo(4500);
    assertThat(held.getCurrency()).isEqualTo("EUR");
    assertThat(Duration.between(held.getOccurredAt(), held.getExpiresAt())).isEqualTo(Duration.ofSeconds(300));

    sut.commands.publish(res, Cmd.commit(res, held.getHoldId()));
    HoldCommitted committed = sut.awaitOne(res, HoldCommitted.class);
    assertThat(committed.getHoldId()).isEqualTo(held.getHoldId());

    sut.commands.publish(res, Cmd.cancel(res, committed.getBookingId()));
    BookingCancelled cancelled = sut.awaitOne(res, BookingCancelled.class);
    assertThat(cancelled.getBookingId()).isEqualTo(committed.getBookingId());
    assertThat(sut.liveHolds(slot)).isZero();

    EventCollector.Received first = sut.events.of(res).get(0);
    assertThat(first.headers().get("correlationId")).isEqualTo(res);
    assertThat(first.headers().get("causationId")).isNotBlank();
  }

  @Test
  @DisplayName("a redelivered or repeated HoldSlot gives the same SlotHeld and no second hold")
  void holdSlotTwice() {
    UUID slot = sut.createSlot("vendor-repeat-hold");
    String res = Cmd.newReservation("repeat-hold");
    UUID eventId = sut.commands.publish(res, Cmd.hold(res, slot, 300));
    SlotHeld first = sut.awaitOne(res, SlotHeld.class);

    sut.commands.publish(res, Cmd.hold(res, slot, 300), eventId);   // redelivery: inbox drops it
    sut.commands.publish(res, Cmd.hold(res, slot, 120));            // repetition: same answer
    List<SlotHeld> all = sut.await(res, SlotHeld.class, 2);
    assertThat(all.get(1)).isEqualTo(first);
    assertNoMoreThan(res, SlotHeld.class, 2);
    assertThat(sut.sql.sql("SELECT count(*) FROM holds WHERE reservation_id = ?").param(res)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  @DisplayName("a repeated HoldSlot after a rejection is rejected again even if the slot became free")
  void rejectedHoldRepeated() {
    UUID slot = sut.createSlot("vendor-repeat-reject");
    String winner = Cmd.newReservation("winner");
    String loser = Cmd.newReservation("loser");
    SlotHeld held = sut.held(winner, slot, 300);
    sut.commands.publish(loser, Cmd.hold(loser, slot, 300));
    assertThat(sut.awaitOne(loser, SlotHoldRejected.class).getReason())
        .isEqualTo(SlotHoldRejectionReason.SLOT_UNAVAILABLE);

    sut.commands.publish(winner, Cmd.release(winner, held.getHoldId()));
    sut.awaitOne(winner, HoldReleased.class);
    sut.commands.publish(loser, Cmd.hold(loser, slot, 300));
    List<SlotHoldRejected> rejections = sut.await(loser, SlotHoldRejected.class, 2);
    assertThat(rejections.get(1)).isEqualTo(rejections.get(0));
    assertThat(sut.liveHolds(slot)).isZero();
  }

  @Test
  @DisplayName("a redelivered or repeated CommitHold gives the same HoldCommitted and one booking")
  void commitTwice() {
    UUID slot = sut.createSlot("vendor-repeat-commit");
    String res = Cmd.newReservation("repeat-commit");
    SlotHeld held = sut.held(res, slot, 300);
    UUID eventId = sut.commands.publish(res, Cmd.commit(res, held.getHoldId()));
    HoldCommitted first = sut.awaitOne(res, HoldCommitted.class);

    sut.commands.publish(res, Cmd.commit(res, held.getHoldId()), eventId);
    sut.commands.publish(res, Cmd.commit(res, held.getHoldId()));
    List<HoldCommitted> all = sut.await(res, HoldCommitted.class, 2);
    assertThat(all.get(1)).isEqualTo(first);
    assertNoMoreThan(res, HoldCommitted.class, 2);
    assertThat(sut.sql.sql("SELECT count(*) FROM bookings WHERE slot_id = ?").param(slot)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  @DisplayName("a redelivered or repeated ReleaseHold gives HoldReleased again and changes nothing more")
  void releaseTwice() {
    UUID slot = sut.createSlot("vendor-repeat-release");
    String res = Cmd.newReservation("repeat-release");
    SlotHeld held = sut.held(res, slot, 300);
    UUID eventId = sut.commands.publish(res, Cmd.release(res, held.getHoldId()));
    HoldReleased first = sut.awaitOne(res, HoldReleased.class);
    assertThat(first.getHoldId()).isEqualTo(held.getHoldId());

    sut.commands.publish(res, Cmd.release(res, held.getHoldId()), eventId);
    sut.commands.publish(res, Cmd.release(res, null));
    List<HoldReleased> all = sut.await(res, HoldReleased.class, 2);
    assertThat(all.get(1)).isEqualTo(first);
    assertNoMoreThan(res, HoldReleased.class, 2);

    sut.commands.publish(res, Cmd.commit(res, held.getHoldId()));
    Awaitility.await().atMost(ServiceUnderTest.WAIT).until(() -> sut.events.of(res, HoldCommitRejected.class).stream()
        .map(r -> r.as(HoldCommitRejected.class))
        .anyMatch(r -> r.getHoldId().equals(held.getHoldId())
            && r.getReason() == HoldCommitRejectionReason.HOLD_RELEASED));
  }

  @Test
  @DisplayName("a redelivered or repeated CancelBooking gives the same BookingCancelled")
  void cancelTwice() {
    UUID slot = sut.createSlot("vendor-repeat-cancel");
    String res = Cmd.newReservation("repeat-cancel");
    SlotHeld held = sut.held(res, slot, 300);
    sut.commands.publish(res, Cmd.commit(res, held.getHoldId()));
    HoldCommitted committed = sut.awaitOne(res, HoldCommitted.class);
    UUID eventId = sut.commands.publish(res, Cmd.cancel(res, committed.getBookingId()));
    BookingCancelled first = sut.awaitOne(res, BookingCancelled.class);

    sut.commands.publish(res, Cmd.cancel(res, committed.getBookingId()), eventId);
    sut.commands.publish(res, Cmd.cancel(res, committed.getBookingId()));
    List<BookingCancelled> all = sut.await(res, BookingCancelled.class, 2);
    assertThat(all.get(1)).isEqualTo(first);
    assertNoMoreThan(res, BookingCancelled.class, 2);
  }

  @Test
  @DisplayName("a release that arrives before its HoldSlot makes the late HoldSlot a rejection")
  void releaseBeforeHold() {
    UUID slot = sut.createSlot("vendor-early-release");
    String res = Cmd.newReservation("early-release");
    sut.commands.publish(res, Cmd.release(res, null));
    HoldReleased released = sut.awaitOne(res, HoldReleased.class);
    assertThat(released.getHoldId()).isNull();
    sut.commands.publish(res, Cmd.hold(res, slot, 300));
    assertThat(sut.awaitOne(res, SlotHoldRejected.class).getReason())
        .isEqualTo(SlotHoldRejectionReason.SLOT_UNAVAILABLE);
    assertThat(sut.liveHolds(slot)).isZero();
  }

  @Test
  @DisplayName("commands with unknown ids or invalid fields get a rejection event and change nothing")
  void invalidFieldsRejected() {
    String res = Cmd.newReservation("invalid");
    sut.commands.publish(res, Cmd.hold(res, "not-a-uuid", 300));
    assertThat(sut.awaitOne(res, SlotHoldRejected.class).getReason())
        .isEqualTo(SlotHoldRejectionReason.INVALID_REQUEST);

    String res2 = Cmd.newReservation("unknown-slot");
    sut.commands.publish(res2, Cmd.hold(res2, UUID.randomUUID(), 300));
    assertThat(sut.awaitOne(res2, SlotHoldRejected.class).getReason())
        .isEqualTo(SlotHoldRejectionReason.SLOT_NOT_FOUND);

    String res3 = Cmd.newReservation("negative-ttl");
    UUID slot = sut.createSlot("vendor-invalid");
    sut.commands.publish(res3, Cmd.hold(res3, slot, -5));
    assertThat(sut.awaitOne(res3, SlotHoldRejected.class).getReason())
        .isEqualTo(SlotHoldRejectionReason.INVALID_REQUEST);
    assertThat(sut.liveHolds(slot)).isZero();

    String res4 = Cmd.newReservation("unknown-hold");
    sut.commands.publish(res4, Cmd.commit(res4, UUID.randomUUID()));
    assertThat(sut.awaitOne(res4, HoldCommitRejected.class).getReason())
        .isEqualTo(HoldCommitRejectionReason.HOLD_NOT_FOUND);
  }

  @Test
  @DisplayName("poison commands land in availability.commands-dlt with the reason, and change nothing")
  void poisonToDeadLetters() {
    String garbage = Cmd.newReservation("poison-bytes");
    sut.commands.publishBytes(Topic.AVAILABILITY_COMMANDS.topicName(), garbage,
        "not avro at all".getBytes(StandardCharsets.UTF_8), "HoldSlot", UUID.randomUUID());
    String unknownBooking = Cmd.newReservation("poison-cancel");
    sut.commands.publish(unknownBooking, Cmd.cancel(unknownBooking, UUID.randomUUID()));
    String noReservation = Cmd.newReservation("poison-no-reservation");
    sut.commands.publish(noReservation, Cmd.hold("", UUID.randomUUID(), 300));

    String dlt = Topic.AVAILABILITY_COMMANDS.deadLetterTopicName();
    List<ProbedRecord> dead = sut.infra.topicProbe().awaitRecords(dlt,
        r -> List.of(garbage, unknownBooking, noReservation).contains(r.key()), 3, ServiceUnderTest.WAIT);
    ProbedRecord cancel = dead.stream().filter(r -> r.key().equals(unknownBooking)).findFirst()
        .orElseThrow();
    assertThat(cancel.header(DeadLetterHeaders.MESSAGE)).contains("no booking");
    ProbedRecord bytes = dead.stream().filter(r -> r.key().equals(garbage)).findFirst()
        .orElseThrow();
    assertThat(bytes.header(DeadLetterHeaders.STAGE)).isNotBlank();
    assertThat(sut.events.of(unknownBooking)).isEmpty();
    assertThat(sut.events.of(garbage)).isEmpty();
  }

  // --- helpers

  /** Gives a wrongly emitted extra event time to show up, then checks there is none. */
  static void assertNoMoreThan(String res, Class<? extends SpecificRecord> type, int count) {
    // A marker command on the same reservation (same partition, processed after the others)
    // proves everything sent before it was handled.
    sut.commands.publish(res, Cmd.commit(res, "marker-" + UUID.randomUUID()));
    Awaitility.await().atMost(ServiceUnderTest.WAIT).until(() -> sut.events.of(res, HoldCommitRejected.class).stream()
        .anyMatch(r -> r.as(HoldCommitRejected.class).getHoldId().startsWith("marker-")));
    assertThat(sut.events.of(res, type)).hasSize(count);
  }
}
