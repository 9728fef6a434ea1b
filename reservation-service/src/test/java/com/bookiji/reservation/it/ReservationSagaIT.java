package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.TestClock;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final TestDatabase db = infra.createDatabase("reservation_saga");
  static final TestClock clock = TestClock.runningFromNow();
  static ReservationApp app;
  static OtherServices others;
  static Api api;

  @BeforeAll
  static void start() {
    app = ReservationApp.start(db, clock, Map.of());
    others = new OtherServices();
    api = new Api(app::baseUrl);
  }

  @AfterAll
  static void stop() {
    others.close();
    app.close();
  }

  /** One reservation driven by a test: ids, the events the other services would send. */
  final class Trip {
    final String requester = "requester-" + UUID.randomUUID();
    final String vendor = "vendor-" + UUID.randomUUID();
    final String slot = UUID.randomUUID().toString();
    final String id;
    final Events events;

    Trip() {
      Api.Response created = api.reserve(requester, slot, UUID.randomUUID().toString());
      assertThat(created.status()).as(created.raw()).isEqualTo(202);
      id = created.text("id");
      events = new Events(id, slot, vendor);
      assertThat(created.header("Location")).isEqualTo("/reservations/" + id);
      assertThat(created.text("state")).isEqualTo("HOLD_PENDING");
    }

    Trip held() {
      HoldSlot hold = others.awaitCommand(id, HoldSlot.class);
      assertThat(hold.getSlotId()).isEqualTo(slot);
      assertThat(hold.getRequesterId()).isEqualTo(requester);
      others.publish(id, events.slotHeld(clock.instant().plus(Duration.ofMinutes(15))));
      AuthorizePayment authorize = others.awaitCommand(id, AuthorizePayment.class);
      assertThat(authorize.getAmountMinor()).isEqualTo(Events.PRICE);
      assertThat(authorize.getCurrency()).isEqualTo(Events.CURRENCY);
      others.publish(id, events.authorizationStarted());
      awaitState("AWAITING_CONFIRMATIONS");
      await().atMost(Duration.ofSeconds(120)).until(() -> "STARTED".equals(
          view().get("payment").get("status").asText()));
      return this;
    }

    Trip bothConfirmed() {
      held();
      assertThat(api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);
      others.publish(id, events.authorized());
      others.awaitCommand(id, CommitHold.class);
      awaitState("COMMIT_PENDING");
      return this;
    }

    Trip committed() {
      bothConfirmed();
      others.publish(id, events.holdCommitted());
      CapturePayment capture = others.awaitCommand(id, CapturePayment.class);
      assertThat(capture.getAmountMinor()).isEqualTo(Events.PRICE);
      awaitState("CAPTURE_PENDING");
      return this;
    }

    Trip confirmed() {
      committed();
      others.publish(id, events.captured());
      awaitState("CONFIRMED");
      return this;
    }

    JsonNode view() {
      Api.Response r = api.reservation(id, requester, Role.REQUESTER);
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
      return r.json();
    }

    JsonNode awaitState(String state) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> state.equals(view().get("state").asText()));
      return view();
    }

    List<String> publishedStates() {
      return others.records(Topic.RESERVATION_EVENTS, id).stream()
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
    others.publish(trip.id, trip.events.authorized());
    await().atMost(Duration.ofSeconds(120)).until(() -> "AUTHORIZED".equals(trip.view().get("payment").get("status").asText()));
    assertThat(others.count(trip.id, CommitHold.class)).as("no commit before the vendor confirms").isZero();
    assertThat(api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).isEqualTo(202);
    CommitHold commit = others.awaitCommand(trip.id, CommitHold.class);
    assertThat(commit.getHoldId()).isEqualTo(trip.events.holdId());
    assertThat(others.count(trip.id, CapturePayment.class)).as("never capture before the commit").isZero();

    others.publish(trip.id, trip.events.holdCommitted());
    others.awaitCommand(trip.id, CapturePayment.class);
    others.publish(trip.id, trip.events.captured());
    JsonNode confirmed = trip.awaitState("CONFIRMED");

    assertThat(confirmed.get("terminal").asBoolean()).isTrue();
    assertThat(confirmed.get("payment").get("clientSecret").isNull()).isTrue();
    assertThat(confirmed.get("deadlines").size()).isZero();
    assertThat(confirmed.get("timeline").size()).isGreaterThanOrEqualTo(5);
    await().atMost(Duration.ofSeconds(120)).until(() -> trip.publishedStates().contains("CONFIRMED"));
    assertThat(trip.publishedStates()).containsExactly("HOLD_PENDING", "AWAITING_CONFIRMATIONS",
        "COMMIT_PENDING", "CAPTURE_PENDING", "CONFIRMED");
    assertThat(others.count(trip.id, CapturePayment.class)).isEqualTo(1);
    assertThat(others.count(trip.id, VoidPayment.class)).isZero();
    assertThat(others.count(trip.id, ReleaseHold.class)).isZero();
  }

  @Test
  @DisplayName("the vendor declines: the hold is released and the authorization voided, then FAILED_VENDOR_DECLINED")
  void vendorDeclines() {
    Trip trip = new Trip().held();
    assertThat(api.vendorDecision(trip.id, trip.vendor, "DECLINE").status()).isEqualTo(202);
    others.awaitCommand(trip.id, ReleaseHold.class);
    others.awaitCommand(trip.id, VoidPayment.class);
    trip.awaitState("COMPENSATING");
    others.publish(trip.id, trip.events.holdReleased());
    others.publish(trip.id, trip.events.voided());
    JsonNode done = trip.awaitState("FAILED_VENDOR_DECLINED");
    assertThat(done.get("vendorDecision").asText()).isEqualTo("DECLINED");
  }

  @Test
  @DisplayName("the card is declined: compensated and FAILED_PAYMENT")
  void authorizationDeclined() {
    Trip trip = new Trip().held();
    others.publish(trip.id, trip.events.authorizationFailed());
    others.awaitCommand(trip.id, ReleaseHold.class);
    others.awaitCommand(trip.id, VoidPayment.class);
    others.publish(trip.id, trip.events.holdReleased());
    others.publish(trip.id, trip.events.voided());
    trip.awaitState("FAILED_PAYMENT");
  }

  @Test
  @DisplayName("the vendor is too slow: the vendor deadline fires, everything is undone, EXPIRED")
  void vendorTooSlow() {
    Trip trip = new Trip().held();
    others.publish(trip.id, trip.events.authorized());
    await().atMost(Duration.ofSeconds(120)).until(() -> "AUTHORIZED".equals(trip.view().get("payment").get("status").asText()));
    clock.advance(Duration.ofMinutes(11)); // past the 10-minute vendor decision deadline
    others.awaitCommand(trip.id, ReleaseHold.class);
    VoidPayment voiding = others.awaitCommand(trip.id, VoidPayment.class);
    assertThat(voiding.getReason()).isEqualTo("EXPIRED");
    assertThat(api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).as("too late to confirm").isEqualTo(409);
    others.publish(trip.id, trip.events.holdReleased());
    others.publish(trip.id, trip.events.voided());
    JsonNode done = trip.awaitState("EXPIRED");
    assertThat(done.get("outcomeDetail").asText()).contains("vendor");
  }

  @Test
  @DisplayName("the requester is too slow to authorize: the payment deadline fires, EXPIRED")
  void requesterTooSlow() {
    Trip trip = new Trip().held();
    assertThat(api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).isEqualTo(202);
    clock.advance(Duration.ofMinutes(11));
    others.awaitCommand(trip.id, ReleaseHold.class);
    others.awaitCommand(trip.id, VoidPayment.class);
    others.publish(trip.id, trip.events.holdReleased());
    others.publish(trip.id, trip.events.voided());
    JsonNode done = trip.awaitState("EXPIRED");
    assertThat(done.get("outcomeDetail").asText()).contains("authorize");
  }

  @Test
  @DisplayName("availability never answers a published HoldSlot: the reason says it was published and names availability-service")
  void holdSlotPublishedButUnanswered() {
    Trip trip = new Trip();
    others.awaitCommand(trip.id, HoldSlot.class);
    // The relay deletes a row right after the broker's acknowledgement; the deadline looks at the table.
    await().atMost(Duration.ofSeconds(120)).until(() -> outboxRows(trip.id, "HoldSlot") == 0);
    clock.advance(Duration.ofSeconds(31)); // past the 30-second hold response deadline

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> trip.view().path("outcomeDetail").asText().contains("availability did not answer HoldSlot"));
    assertThat(trip.view().path("outcomeDetail").asText())
        .contains("published to availability.commands between", "look at availability-service", "waited 30 s");
    assertThat(trip.view().path("timeline").toString()).contains("availability did not answer HoldSlot");
  }

  /** Rows of the platform's outbox for one reservation and event type, read from the service's database. */
  static int outboxRows(String reservationId, String eventType) throws java.sql.SQLException {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = ?")) {
      ps.setString(1, reservationId);
      ps.setString(2, eventType);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  @DisplayName("the hold expires at availability: the authorization is voided, EXPIRED")
  void holdExpires() {
    Trip trip = new Trip().held();
    others.publish(trip.id, trip.events.authorized());
    others.publish(trip.id, trip.events.holdExpired());
    others.awaitCommand(trip.id, VoidPayment.class);
    trip.awaitState("COMPENSATING");
    assertThat(others.count(trip.id, ReleaseHold.class)).as("an expired hold needs no release").isZero();
    others.publish(trip.id, trip.events.voided());
    trip.awaitState("EXPIRED");
  }

  @Test
  @DisplayName("the slot is blocked before the commit: FAILED_AVAILABILITY_CHANGED with the authorization voided")
  void slotBlockedBeforeCommit() {
    Trip trip = new Trip().bothConfirmed();
    others.publish(trip.id, trip.events.holdCommitRejected(HoldCommitRejectionReason.AVAILABILITY_CHANGED));
    VoidPayment voiding = others.awaitCommand(trip.id, VoidPayment.class);
    assertThat(voiding.getReason()).isEqualTo("FAILED_AVAILABILITY_CHANGED");
    others.awaitCommand(trip.id, ReleaseHold.class);
    others.publish(trip.id, trip.events.holdReleased());
    others.publish(trip.id, trip.events.voided());
    trip.awaitState("FAILED_AVAILABILITY_CHANGED");
    assertThat(others.count(trip.id, CapturePayment.class)).isZero();
  }

  @Test
  @DisplayName("the capture fails for good after the commit: the booking is cancelled and the authorization voided, FAILED_PAYMENT")
  void captureFailsAfterCommit() {
    Trip trip = new Trip().committed();
    others.publish(trip.id, trip.events.captureFailed());
    CancelBooking cancel = others.awaitCommand(trip.id, CancelBooking.class);
    assertThat(cancel.getBookingId()).isEqualTo(trip.events.bookingId());
    others.awaitCommand(trip.id, VoidPayment.class);
    others.publish(trip.id, trip.events.bookingCancelled());
    others.publish(trip.id, trip.events.voided());
    trip.awaitState("FAILED_PAYMENT");
  }

  @Test
  @DisplayName("no answer to the capture: CapturePayment is re-sent on its step deadline (same operation, idempotent)")
  void captureIsRetried() {
    Trip trip = new Trip().committed();
    clock.advance(Duration.ofSeconds(31));
    others.awaitCommands(trip.id, CapturePayment.class, 2);
    others.publish(trip.id, trip.events.captured());
    trip.awaitState("CONFIRMED");
  }

  @Test
  @DisplayName("the requester cancels after confirmation: booking cancelled and money refunded, CANCELLED")
  void cancellationWithRefund() {
    Trip trip = new Trip().confirmed();
    Api.Response cancelled = api.cancel(trip.id, trip.requester);
    assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
    others.awaitCommand(trip.id, CancelBooking.class);
    RefundPayment refund = others.awaitCommand(trip.id, RefundPayment.class);
    assertThat(refund.getReason()).isEqualTo("CANCELLED");
    others.publish(trip.id, trip.events.bookingCancelled());
    others.publish(trip.id, trip.events.refunded());
    JsonNode done = trip.awaitState("CANCELLED");
    assertThat(done.get("payment").get("status").asText()).isEqualTo("REFUNDED");
    assertThat(api.cancel(trip.id, trip.requester).status()).as("cancelling again is a no-op").isEqualTo(202);
  }

  @Test
  @DisplayName("the requester cancels before confirmation: hold released, authorization voided, CANCELLED")
  void cancellationBeforeConfirmation() {
    Trip trip = new Trip().held();
    assertThat(api.cancel(trip.id, trip.requester).status()).isEqualTo(202);
    others.awaitCommand(trip.id, ReleaseHold.class);
    others.awaitCommand(trip.id, VoidPayment.class);
    others.publish(trip.id, trip.events.holdReleased());
    others.publish(trip.id, trip.events.voided());
    trip.awaitState("CANCELLED");
  }

  @Test
  @DisplayName("an authorization that arrives after the reservation expired is voided at once")
  void lateAuthorizationIsVoided() {
    Trip trip = new Trip().held();
    clock.advance(Duration.ofMinutes(11));
    others.awaitCommand(trip.id, VoidPayment.class);
    others.publish(trip.id, trip.events.holdReleased());
    others.publish(trip.id, trip.events.voided());
    trip.awaitState("EXPIRED");
    others.publish(trip.id, trip.events.authorized());
    others.awaitCommands(trip.id, VoidPayment.class, 2);
    assertThat(trip.view().get("state").asText()).isEqualTo("EXPIRED");
    others.publish(trip.id, trip.events.voided());
    await().atMost(Duration.ofSeconds(120)).until(() -> trip.view().get("deadlines").isEmpty());
  }

  @Test
  @DisplayName("a redelivered event changes nothing (inbox)")
  void duplicateEventsAreNoOps() {
    Trip trip = new Trip().held();
    others.publish(trip.id, trip.events.authorized());
    others.publish(trip.id, trip.events.authorized());
    assertThat(api.vendorDecision(trip.id, trip.vendor, "CONFIRM").status()).isEqualTo(202);
    others.awaitCommand(trip.id, CommitHold.class);
    others.publish(trip.id, trip.events.holdCommitted());
    others.publish(trip.id, trip.events.holdCommitted());
    others.awaitCommand(trip.id, CapturePayment.class);
    others.publish(trip.id, trip.events.captured());
    trip.awaitState("CONFIRMED");
    assertThat(others.count(trip.id, CommitHold.class)).isEqualTo(1);
    assertThat(others.count(trip.id, CapturePayment.class)).isEqualTo(1);
  }

  @Test
  @DisplayName("an event for a reservation this service does not know goes to the dead-letter topic")
  void unknownReservationIsDeadLettered() {
    String stranger = "res-" + UUID.randomUUID();
    others.publish(stranger, new Events(stranger, "slot-x", "vendor-x").holdReleased());
    List<ProbedRecord> dlt = others.probe().awaitRecords(Topic.AVAILABILITY_EVENTS.deadLetterTopicName(),
        r -> stranger.equals(r.key()), 1, Duration.ofSeconds(45));
    assertThat(dlt).hasSize(1);
  }
}
