package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.authorize;
import static com.bookiji.payment.it.PaymentCommands.capture;
import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static com.bookiji.payment.it.PaymentCommands.refund;
import static com.bookiji.payment.it.PaymentCommands.voidPayment;
import static com.bookiji.payment.it.ServiceUnderTest.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentOperationParked;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import com.bookiji.stripesim.FaultKind;
import com.bookiji.stripesim.FaultRule;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every simulator fault on every operation converges to exactly one intent, at most one capture and
 * each fact published once.
 */
class StripeFaultsIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  static final String CREATE = "POST /v1/payment_intents";
  static final String CAPTURE = "POST /v1/payment_intents/*/capture";
  static final String CANCEL = "POST /v1/payment_intents/*/cancel";
  static final String REFUND = "POST /v1/refunds";

  @AfterEach
  void clearFaults() {
    stripe.control.clearFaults();
  }

  /** The fault as it hits one reservation's requests: a few times, then Stripe recovers. */
  static FaultRule fault(FaultKind kind, String endpoint, String reservationId) {
    FaultRule rule = switch (kind) {
      // longer than the 1.5 s read timeout: the first try times out while Stripe applies it
      case LATENCY -> FaultRule.latency(endpoint, 2000).times(1);
      case HTTP_5XX -> FaultRule.http5xx(endpoint, 503).times(2);
      case RATE_LIMIT -> FaultRule.rateLimit(endpoint, 1).times(2);
      case CONNECTION_RESET -> FaultRule.connectionReset(endpoint).times(2);
      case APPLIED_RESPONSE_LOST -> FaultRule.appliedResponseLost(endpoint).times(1);
    };
    return rule.whenMetadata("reservation_id", reservationId);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(FaultKind.class)
  @DisplayName("a fault on authorize, capture and refund converges: one intent, one capture, one refund")
  void authorizeCaptureRefundUnderFault(FaultKind kind) {
    String reservation = newReservation("fault-" + kind.name().toLowerCase());
    stripe.control.addFault(fault(kind, CREATE, reservation));
    stripe.control.addFault(fault(kind, CAPTURE, reservation));
    stripe.control.addFault(fault(kind, REFUND, reservation));

    sut.captured(reservation, 4200);
    sut.send(reservation, refund(reservation, null));
    sut.awaitEvent(reservation, PaymentRefunded.class);

    List<JsonObject> intents = stripe.intents(reservation);
    assertThat(intents).hasSize(1);
    assertThat(stripe.capturesExecuted(intents)).isEqualTo(1);
    assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
    assertThat(stripe.refundsOf(intents.get(0).get("id").getAsString())).isEqualTo(1);
    assertThat(sut.events(reservation, PaymentAuthorizationStarted.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentAuthorized.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentCaptured.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentRefunded.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentOperationParked.class)).isEmpty();
    assertThat(sut.status(reservation)).isEqualTo("REFUNDED");
    assertThat(stripe.faultsFired(reservation)).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(FaultKind.class)
  @DisplayName("a fault on void converges: the intent is cancelled and PaymentVoided published once")
  void voidUnderFault(FaultKind kind) {
    String reservation = newReservation("void-fault-" + kind.name().toLowerCase());
    stripe.control.addFault(fault(kind, CANCEL, reservation));
    sut.authorized(reservation, 1800);
    sut.send(reservation, voidPayment(reservation));
    sut.awaitEvent(reservation, PaymentVoided.class);

    List<JsonObject> intents = stripe.intents(reservation);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).get("status").getAsString()).isEqualTo("canceled");
    assertThat(sut.events(reservation, PaymentVoided.class)).hasSize(1);
    assertThat(sut.status(reservation)).isEqualTo("VOIDED");
  }

  @Test
  @DisplayName("when retries are exhausted the capture is parked visibly, and the sweep later captures exactly once")
  void exhaustedRetriesPark() {
    String reservation = newReservation("parked");
    sut.authorized(reservation, 2600);

    FaultRule outage = stripe.control.addFault(
        FaultRule.http5xx(CAPTURE, 500).whenMetadata("reservation_id", reservation));
    sut.send(reservation, capture(reservation, 2600));
    PaymentOperationParked parked = sut.awaitEvent(reservation, PaymentOperationParked.class);
    assertThat(parked.getOperation()).isEqualTo("CAPTURE");
    assertThat(parked.getLastError()).contains("500");
    assertThat(sut.status(reservation)).isEqualTo("PARKED");
    assertThat(sut.events(reservation, PaymentCaptured.class)).isEmpty();

    sut.sweep(); // Stripe still down: stays parked, and says so only once
    assertThat(sut.status(reservation)).isEqualTo("PARKED");

    stripe.control.removeFault(outage.id());
    sut.sweep();
    sut.awaitEvent(reservation, PaymentCaptured.class);
    assertThat(sut.status(reservation)).isEqualTo("CAPTURED");
    assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
    assertThat(stripe.capturesExecuted(stripe.intents(reservation))).isEqualTo(1);
    sut.sweep();
    assertThat(sut.events(reservation, PaymentOperationParked.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentCaptured.class)).hasSize(1);
  }

  @Test
  @DisplayName("a create whose response was lost, then an outage, converges to the one intent Stripe created")
  void lostCreateThenOutage() {
    String reservation = newReservation("lost-create");
    stripe.control.addFault(FaultRule.appliedResponseLost(CREATE).times(1)
        .whenMetadata("reservation_id", reservation));
    stripe.control.addFault(FaultRule.http5xx(CREATE, 500).whenMetadata("reservation_id", reservation));
    sut.send(reservation, authorize(reservation, 900));
    PaymentAuthorizationStarted started =
        sut.awaitEvent(reservation, PaymentAuthorizationStarted.class);
    assertThat(stripe.intents(reservation)).hasSize(1)
        .allSatisfy(pi -> assertThat(pi.get("id").getAsString())
            .isEqualTo(started.getPaymentIntentId()));
    assertThat(sut.events(reservation, PaymentOperationParked.class)).isEmpty();
  }

  @Test
  @DisplayName("an authorization Stripe never received is parked visibly, then created once by the sweep")
  void exhaustedAuthorizeParksThenResolves() {
    String reservation = newReservation("parked-auth");
    FaultRule outage = stripe.control.addFault(FaultRule.http5xx(CREATE, 502)
        .whenMetadata("reservation_id", reservation));
    sut.send(reservation, authorize(reservation, 900));
    PaymentOperationParked parked = sut.awaitEvent(reservation, PaymentOperationParked.class);
    assertThat(parked.getOperation()).isEqualTo("AUTHORIZE");
    assertThat(stripe.intents(reservation)).isEmpty();

    stripe.control.removeFault(outage.id());
    sut.sweep();
    PaymentAuthorizationStarted started =
        sut.awaitEvent(reservation, PaymentAuthorizationStarted.class);
    assertThat(stripe.intents(reservation)).hasSize(1)
        .allSatisfy(pi -> assertThat(pi.get("id").getAsString())
            .isEqualTo(started.getPaymentIntentId()));
    assertThat(sut.status(reservation)).isEqualTo("AWAITING_CUSTOMER");
  }

  @Test
  @DisplayName("a redelivered CapturePayment is dropped; a repeated one is answered with the same PaymentCaptured, never a second capture")
  void redeliveredCapture() {
    String reservation = newReservation("redelivered");
    sut.authorized(reservation, 3100);

    UUID eventId = UUID.randomUUID();
    sut.send(reservation, capture(reservation, 3100), eventId);
    sut.send(reservation, capture(reservation, 3100), eventId); // Kafka redelivery: same event id
    UUID again = sut.send(reservation, capture(reservation, 3100)); // the saga asking again
    sut.awaitEvent(reservation, PaymentCaptured.class);
    await().atMost(DEADLINE).until(() -> sut.inboxed(eventId, again) == 2);

    assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
    assertThat(stripe.capturesExecuted(stripe.intents(reservation))).isEqualTo(1);
    // The redelivery is dropped by the inbox; the repeated command is answered with the same fact.
    List<PaymentCaptured> captured = sut.awaitEvents(reservation, PaymentCaptured.class, 2);
    assertThat(captured).hasSize(2);
    assertThat(captured.get(1).getChargeId()).isEqualTo(captured.get(0).getChargeId());
    assertThat(captured.get(1).getAmountCapturedMinor()).isEqualTo(3100);
    assertThat(sut.stripeCalls(reservation, "capture")).isEqualTo(1);
  }

  @Test
  @DisplayName("a crash after Stripe applied the capture but before the local commit records the capture exactly once")
  void crashAfterCaptureBeforeCommit() {
    String reservation = newReservation("crash");
    sut.authorized(reservation, 2700);

    sut.crashes().crashOnceAfter(PaymentOperation.CAPTURE, reservation);
    UUID command = sut.send(reservation, capture(reservation, 2700));
    PaymentCaptured first = sut.awaitEvent(reservation, PaymentCaptured.class);
    await().atMost(DEADLINE).until(() -> sut.inboxed(command) == 1);

    assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
    List<JsonObject> intents = stripe.intents(reservation);
    assertThat(intents).hasSize(1);
    assertThat(stripe.capturesExecuted(intents)).isEqualTo(1);
    // Whichever comes first converges to the same single record: the redelivered command (same
    // idempotency key, Stripe replays its first answer) or Stripe's payment_intent.succeeded
    // webhook (the retrieved intent says succeeded). When the webhook wins, the redelivered
    // command finds the capture recorded and answers with the same PaymentCaptured again.
    assertThat(sut.events(reservation, PaymentCaptured.class)).hasSizeBetween(1, 2)
        .allSatisfy(c -> {
          assertThat(c.getChargeId()).isEqualTo(first.getChargeId());
          assertThat(c.getAmountCapturedMinor()).isEqualTo(2700);
        });
  }
}
