package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.web.Role;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.CancelBooking;
import com.bookiji.schemas.availability.CommitHold;
import com.bookiji.schemas.availability.HoldCommitRejectionReason;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.ReleaseHold;
import com.bookiji.schemas.payment.AuthorizePayment;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import com.bookiji.schemas.reservation.ReservationStateChanged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The saga through the real service: REST API, PostgreSQL, outbox relayed by Debezium to the real
 * Kafka broker, inbox consumers. availability-service and payment-service are played by the test
 * on the broker ({@link OtherServices}), so every message crosses real Kafka in both directions.
 */
@DisplayName("The reservation saga, end to end through Kafka and PostgreSQL")
class ReservationSagaIT {

  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.start("reservation_saga", Map.of());

  /** One reservation driven by a test: ids, the events the other services would send. */
  final class Trip {
    final String requester = "requester-" + UUID.randomUUID();
    final String vendor = "vendor-" + UUID.randomUUID();
    final String slot = UUID.randomUUID().toString();
    final String id;
    final Events events;

    Trip() {
      Api.Response created = sut.api.reserve(requester, slot, UUID.randomUUID().toString());
      assertThat(created.status()).as(created.raw()).isEqualTo(202);
      id = created.text("id");
      events = new Events(id, slot, vendor);
      assertThat(created.header("Location")).isEqualTo("/reservations/" + id);
      assertThat(created.text("state")).isEqualTo("HOLD_PENDING");
    }

    Trip held() {
      HoldSlot hold = sut.others.awaitCommand(id, HoldSlot.class);
      assertThat(hold.getSlotId()).isEqualTo(slot);
      assertThat(hold.getRequesterId()).isEqualTo(requester);
      sut.others.publish(id, events.slotHeld(sut.clock.instant().plus(Duration.ofMinutes(15))));
      AuthorizePayment authorize = sut.others.awaitCommand(id, AuthorizePayment.class);
      assertThat(authorize.getAmountMinor()).isEqualTo(Events.PRICE);
      assertThat(authorize.getCurrency()).isEqualTo(Events.CURRENCY);
      sut.others.publish(id, events.authorizationStarted());
      awaitState("AWAITING_CONFIRMATIONS");
      await().atMost(Duration.ofSeconds(120)).until(() -> "STARTED".equals(
          view().get("payment").get("status").asText()));
      return this;
    }

    Trip bothConfirmed() {
      held();
      assertThat(sut.api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);
      sut.others.publish(id, events.authorized());
      sut.others.awaitCommand(id, CommitHold.class);
      awaitState("COMMIT_PENDING");
      return this;
    }

    Trip committed() {
      bothConfirmed();
      sut.others.publish(id, events.holdCommitted());
      CapturePayment capture = sut.others.awaitCommand(id, CapturePayment.class);
      assertThat(capture.getAmountMinor()).isEqualTo(Events.PRICE);
      awaitState("CAPTURE_PENDING");
      return this;
    }

    Trip confirmed() {
      committed();
      sut.others.publish(id, events.captured());
      awaitState("CONFIRMED");
      return this;
    }

    JsonNode view() {
      Api.Response r = sut.api.reservation(id, requester, Role.REQUESTER);
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      return r.json();
    }

    JsonNode awaitState(String state) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> state.equals(view().get("state").asText()));
      return view();
    }

    /** availability releases the hold and payment voids the authorization, as the service asks. */
    Trip releasedAndVoided() {
      sut.others.awaitCommand(id, ReleaseHold.class);
      sut.others.awaitCommand(id, VoidPayment.class);
      sut.others.publish(id, events.holdReleased());
      sut.others.publish(id, events.voided());
      return this;
    }

    List<String> publishedStates() {
      return sut.others.records(Topic.RESERVATION_EVENTS, id).stream()
          .filter(r -> "ReservationStateChanged".equals(r.header(MessageHeaders.EVENT_TYPE)))
          .map(r -> ((ReservationStateChanged) r.payload()).getState()).toList();
    }
  }

  @Test
  @DisplayName("happy path: hold, authorization and vendor confirmation in parallel, commit, capture, CONFIRMED")
  void happyPath() {
    Trip trip = new Trip().held();
    JsonNode awaiting = trip.view();
    assertThat(awaiting.get("payment").get("clientSecret").asText()).isEqualTo(trip.events.paymentIntentId() + "_secret_x");
    assertThat(awaiting.get("deadlines").has("VENDOR_DECISION")).isTrue();
    assertThat(awaiting.get("deadlines").has("PAYMENT_AUTHORIZATION")).isTrue();
    assertThat(awaiting.get("deadlines").has("HOLD_EXPIRY")).isTrue();
    assertThat(awaiting.get("amount").get("amountMinor").asLong()).isEqualTo(Events.PRICE);

    // The card is authorized first, the vendor confirms second: either order leads to the commit.
    trip.events.authorized();
    sut.others.publish(trip.id, trip.events.authorized());
    await().atMost(Duration.ofSeconds(120)).until(() -> "AUTHORIZED".equals(trip.view().get("payment").get("status").asText()));
    assertThat(sut.others.count(trip.id, CommitHold.class)).as("no commit before the vendor confirms").isZero();
    assertThat(sut.api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).isEqualTo(202);
    CommitHold commit = sut.others.awaitCommand(trip.id, CommitHold.class);
    assertThat(commit.getHoldId()).isEqualTo(trip.events.holdId());
    assertThat(sut.others.count(trip.id, CapturePayment.class)).as("never capture before the commit").isZero();

    sut.others.publish(trip.id, trip.events.holdCommitted());
    sut.others.awaitCommand(trip.id, CapturePayment.class);
    sut.others.publish(trip.id, trip.events.captured());
    JsonNode confirmed = trip.awaitState("CONFIRMED");

    assertThat(confirmed.get("terminal").asBoolean()).isTrue();
    assertThat(confirmed.get("payment").get("clientSecret").isNull()).isTrue();
    assertThat(confirmed.get("deadlines").size()).isZero();
    assertThat(confirmed.get("timeline").size()).isGreaterThanOrEqualTo(5);
    await().atMost(Duration.ofSeconds(120)).until(() -> trip.publishedStates().contains("CONFIRMED"));
    assertThat(trip.publishedStates()).containsExactly("HOLD_PENDING", "AWAITING_CONFIRMATIONS",
        "COMMIT_PENDING", "CAPTURE_PENDING", "CONFIRMED");
    assertThat(sut.others.count(trip.id, CapturePayment.class)).isEqualTo(1);
    assertThat(sut.others.count(trip.id, VoidPayment.class)).isZero();
    assertThat(sut.others.count(trip.id, ReleaseHold.class)).isZero();
  }

  @Test
  @DisplayName("the vendor declines: the hold is released and the authorization voided, then FAILED_VENDOR_DECLINED")
  void vendorDeclines() {
    Trip trip = new Trip().held();
    assertThat(sut.api.vendorDecision(trip.id, trip.vendor, "DECLINE").status()).isEqualTo(202);
    sut.others.awaitCommand(trip.id, ReleaseHold.class);
    sut.others.awaitCommand(trip.id, VoidPayment.class);
    trip.awaitState("COMPENSATING");
    sut.others.publish(trip.id, trip.events.holdReleased());
    sut.others.publish(trip.id, trip.events.voided());
    JsonNode done = trip.awaitState("FAILED_VENDOR_DECLINED");
    assertThat(done.get("vendorDecision").asText()).isEqualTo("DECLINED");
  }

  @Test
  @DisplayName("the card is declined: compensated and FAILED_PAYMENT")
  void authorizationDeclined() {
    Trip trip = new Trip().held();
    sut.others.publish(trip.id, trip.events.authorizationFailed());
    trip.releasedAndVoided();
    trip.awaitState("FAILED_PAYMENT");
  }

  @Test
  @DisplayName("the vendor is too slow: the vendor deadline fires, everything is undone, EXPIRED")
  void vendorTooSlow() {
    Trip trip = new Trip().held();
    sut.others.publish(trip.id, trip.events.authorized());
    await().atMost(Duration.ofSeconds(120)).until(() -> "AUTHORIZED".equals(trip.view().get("payment").get("status").asText()));
    sut.clock.advance(Duration.ofMinutes(11)); // past the 10-minute vendor decision deadline
    sut.others.awaitCommand(trip.id, ReleaseHold.class);
    VoidPayment voiding = sut.others.awaitCommand(trip.id, VoidPayment.class);
    assertThat(voiding.getReason()).isEqualTo("EXPIRED");
    assertThat(sut.api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).as("too late to confirm").isEqualTo(409);
    sut.others.publish(trip.id, trip.events.holdReleased());
    sut.others.publish(trip.id, trip.events.voided());
    JsonNode done = trip.awaitState("EXPIRED");
    assertThat(done.get("outcomeDetail").asText()).contains("vendor");
  }

  @Test
  @DisplayName("the requester is too slow to authorize: the payment deadline fires, EXPIRED")
  void requesterTooSlow() {
    Trip trip = new Trip().held();
    assertThat(sut.api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).isEqualTo(202);
    sut.clock.advance(Duration.ofMinutes(11));
    trip.releasedAndVoided();
    JsonNode done = trip.awaitState("EXPIRED");
    assertThat(done.get("outcomeDetail").asText()).contains("authorize");
  }

  @Test
  @DisplayName("availability never answers a published HoldSlot: the reason says it was published and names availability-service")
  void holdSlotPublishedButUnanswered() {
    Trip trip = new Trip();
    sut.others.awaitCommand(trip.id, HoldSlot.class);
    // The relay deletes a row right after the broker's acknowledgement; the deadline looks at the table.
    await().atMost(Duration.ofSeconds(120)).until(() -> sut.outboxRows(trip.id, "HoldSlot") == 0);
    sut.clock.advance(Duration.ofSeconds(31)); // past the 30-second hold response deadline

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> trip.view().path("outcomeDetail").asText().contains("availability did not answer HoldSlot"));
    assertThat(trip.view().path("outcomeDetail").asText())
        .contains("published to availability.commands between", "look at availability-service", "waited 30 s");
    assertThat(trip.view().path("timeline").toString()).contains("availability did not answer HoldSlot");
  }

  @Test
  @DisplayName("the hold expires at availability: the authorization is voided, EXPIRED")
  void holdExpires() {
    Trip trip = new Trip().held();
    sut.others.publish(trip.id, trip.events.authorized());
    sut.others.publish(trip.id, trip.events.holdExpired());
    sut.others.awaitCommand(trip.id, VoidPayment.class);
    trip.awaitState("COMPENSATING");
    assertThat(sut.others.count(trip.id, ReleaseHold.class)).as("an expired hold needs no release").isZero();
    sut.others.publish(trip.id, trip.events.voided());
    trip.awaitState("EXPIRED");
  }

  @Test
  @DisplayName("the slot is blocked before the commit: FAILED_AVAILABILITY_CHANGED with the authorization voided")
  void slotBlockedBeforeCommit() {
    Trip trip = new Trip().bothConfirmed();
    sut.others.publish(trip.id, trip.events.holdCommitRejected(HoldCommitRejectionReason.AVAILABILITY_CHANGED));
    VoidPayment voiding = sut.others.awaitCommand(trip.id, VoidPayment.class);
    assertThat(voiding.getReason()).isEqualTo("FAILED_AVAILABILITY_CHANGED");
    sut.others.awaitCommand(trip.id, ReleaseHold.class);
    sut.others.publish(trip.id, trip.events.holdReleased());
    sut.others.publish(trip.id, trip.events.voided());
    trip.awaitState("FAILED_AVAILABILITY_CHANGED");
    assertThat(sut.others.count(trip.id, CapturePayment.class)).isZero();
  }

  @Test
  @DisplayName("the capture fails for good after the commit: the booking is cancelled and the authorization voided, FAILED_PAYMENT")
  void captureFailsAfterCommit() {
    Trip trip = new Trip().committed();
    sut.others.publish(trip.id, trip.events.captureFailed());
    CancelBooking cancel = sut.others.awaitCommand(trip.id, CancelBooking.class);
    assertThat(cancel.getBookingId()).isEqualTo(trip.events.bookingId());
    sut.others.awaitCommand(trip.id, VoidPayment.class);
    sut.others.publish(trip.id, trip.events.bookingCancelled());
    sut.others.publish(trip.id, trip.events.voided());
    trip.awaitState("FAILED_PAYMENT");
  }

  @Test
  @DisplayName("no answer to the capture: CapturePayment is re-sent on its step deadline (same operation, idempotent)")
  void captureIsRetried() {
    Trip trip = new Trip().committed();
    sut.clock.advance(Duration.ofSeconds(31));
    sut.others.awaitCommands(trip.id, CapturePayment.class, 2);
    sut.others.publish(trip.id, trip.events.captured());
    trip.awaitState("CONFIRMED");
  }

  @Test
  @DisplayName("the requester cancels after confirmation: booking cancelled and money refunded, CANCELLED")
  void cancellationWithRefund() {
    Trip trip = new Trip().confirmed();
    Api.Response cancelled = sut.api.cancel(trip.id, trip.requester);
    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
    sut.others.awaitCommand(trip.id, CancelBooking.class);
    RefundPayment refund = sut.others.awaitCommand(trip.id, RefundPayment.class);
    assertThat(refund.getReason()).isEqualTo("CANCELLED");
    sut.others.publish(trip.id, trip.events.bookingCancelled());
    sut.others.publish(trip.id, trip.events.refunded());
    JsonNode done = trip.awaitState("CANCELLED");
    assertThat(done.get("payment").get("status").asText()).isEqualTo("REFUNDED");
    assertThat(sut.api.cancel(trip.id, trip.requester).status()).as("cancelling again is a no-op").isEqualTo(202);
  }

  @Test
  @DisplayName("the requester cancels before confirmation: hold released, authorization voided, CANCELLED")
  void cancellationBeforeConfirmation() {
    Trip trip = new Trip().held();
    assertThat(sut.api.cancel(trip.id, trip.requester).status()).isEqualTo(202);
    trip.releasedAndVoided();
    trip.awaitState("CANCELLED");
  }

  @Test
  @DisplayName("an authorization that arrives after the reservation expired is voided at once")
  void lateAuthorizationIsVoided() {
    Trip trip = new Trip().held();
    sut.clock.advance(Duration.ofMinutes(11));
    sut.others.awaitCommand(trip.id, VoidPayment.class);
    sut.others.publish(trip.id, trip.events.holdReleased());
    sut.others.publish(trip.id, trip.events.voided());
    trip.awaitState("EXPIRED");
    sut.others.publish(trip.id, trip.events.authorized());
    sut.others.awaitCommands(trip.id, VoidPayment.class, 2);
    assertThat(trip.view().get("state").asText()).isEqualTo("EXPIRED");
    sut.others.publish(trip.id, trip.events.voided());
    await().atMost(Duration.ofSeconds(120)).until(() -> trip.view().get("deadlines").isEmpty());
  }

  @Test
  @DisplayName("a redelivered event changes nothing (inbox)")
  void duplicateEventsAreNoOps() {
    Trip trip = new Trip().held();
    sut.others.publish(trip.id, trip.events.authorized());
    sut.others.publish(trip.id, trip.events.authorized());
    assertThat(sut.api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).isEqualTo(202);
    sut.others.awaitCommand(trip.id, CommitHold.class);
    sut.others.publish(trip.id, trip.events.holdCommitted());
    sut.others.publish(trip.id, trip.events.holdCommitted());
    sut.others.awaitCommand(trip.id, CapturePayment.class);
    sut.others.publish(trip.id, trip.events.captured());
    trip.awaitState("CONFIRMED");
    assertThat(sut.others.count(trip.id, CommitHold.class)).isEqualTo(1);
    assertThat(sut.others.count(trip.id, CapturePayment.class)).isEqualTo(1);
  }

  @Test
  @DisplayName("an event for a reservation this service does not know goes to the dead-letter topic")
  void unknownReservationIsDeadLettered() {
    String stranger = "res-" + UUID.randomUUID();
    sut.others.publish(stranger, new Events(stranger, "slot-x", "vendor-x").holdReleased());
    List<ProbedRecord> dlt = sut.others.probe().awaitRecords(Topic.AVAILABILITY_EVENTS.deadLetterTopicName(),
        r -> stranger.equals(r.key()), 1, Duration.ofSeconds(45));
    assertThat(dlt).hasSize(1);
  }
}
