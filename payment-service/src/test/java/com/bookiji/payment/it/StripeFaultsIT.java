package com.bookiji.payment.it;

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
import com.google.gson.JsonElement;
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
class StripeFaultsIT extends PaymentITSupport {

  static final String CREATE = "POST /v1/payment_intents";
  static final String CAPTURE = "POST /v1/payment_intents/*/capture";
  static final String CANCEL = "POST /v1/payment_intents/*/cancel";
  static final String REFUND = "POST /v1/refunds";

  @AfterEach
  void clearFaults() {
    SIM.clearFaults();
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
    SIM.addFault(fault(kind, CREATE, reservation));
    SIM.addFault(fault(kind, CAPTURE, reservation));
    SIM.addFault(fault(kind, REFUND, reservation));

    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 4200);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 4200));
    awaitEvent(reservation, PaymentCaptured.class);
    send(reservation, refund(reservation, null));
    awaitEvent(reservation, PaymentRefunded.class);

    List<JsonObject> intents = intentsAtStripe(reservation);
    assertThat(intents).hasSize(1);
    assertThat(capturesExecutedAtStripe(intents)).isEqualTo(1);
    assertThat(capturesRecorded(reservation)).isEqualTo(1);
    assertThat(refundsAtStripe(intents.get(0).get("id").getAsString())).isEqualTo(1);
    assertThat(events(reservation, PaymentAuthorizationStarted.class)).hasSize(1);
    assertThat(events(reservation, PaymentAuthorized.class)).hasSize(1);
    assertThat(events(reservation, PaymentCaptured.class)).hasSize(1);
    assertThat(events(reservation, PaymentRefunded.class)).hasSize(1);
    assertThat(events(reservation, PaymentOperationParked.class)).isEmpty();
    assertThat(status(reservation)).isEqualTo("REFUNDED");
    assertThat(faultsFired(reservation)).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(FaultKind.class)
  @DisplayName("a fault on void converges: the intent is cancelled and PaymentVoided published once")
  void voidUnderFault(FaultKind kind) {
    String reservation = newReservation("void-fault-" + kind.name().toLowerCase());
    SIM.addFault(fault(kind, CANCEL, reservation));
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 1800);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, voidPayment(reservation));
    awaitEvent(reservation, PaymentVoided.class);

    List<JsonObject> intents = intentsAtStripe(reservation);
    assertThat(intents).hasSize(1);
    assertThat(intents.get(0).get("status").getAsString()).isEqualTo("canceled");
    assertThat(events(reservation, PaymentVoided.class)).hasSize(1);
    assertThat(status(reservation)).isEqualTo("VOIDED");
  }

  @Test
  @DisplayName("when retries are exhausted the capture is parked visibly, and the sweep later captures exactly once")
  void exhaustedRetriesPark() {
    String reservation = newReservation("parked");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 2600);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);

    FaultRule outage = SIM.addFault(
        FaultRule.http5xx(CAPTURE, 500).whenMetadata("reservation_id", reservation));
    send(reservation, capture(reservation, 2600));
    PaymentOperationParked parked = awaitEvent(reservation, PaymentOperationParked.class);
    assertThat(parked.getOperation()).isEqualTo("CAPTURE");
    assertThat(parked.getLastError()).contains("500");
    assertThat(status(reservation)).isEqualTo("PARKED");
    assertThat(events(reservation, PaymentCaptured.class)).isEmpty();

    sweeper.sweep(); // Stripe still down: stays parked, and says so only once
    assertThat(status(reservation)).isEqualTo("PARKED");

    SIM.removeFault(outage.id());
    sweeper.sweep();
    awaitEvent(reservation, PaymentCaptured.class);
    assertThat(status(reservation)).isEqualTo("CAPTURED");
    assertThat(capturesRecorded(reservation)).isEqualTo(1);
    assertThat(capturesExecutedAtStripe(intentsAtStripe(reservation))).isEqualTo(1);
    sweeper.sweep();
    assertThat(events(reservation, PaymentOperationParked.class)).hasSize(1);
    assertThat(events(reservation, PaymentCaptured.class)).hasSize(1);
  }

  @Test
  @DisplayName("a create whose response was lost, then an outage, converges to the one intent Stripe created")
  void lostCreateThenOutage() {
    String reservation = newReservation("lost-create");
    SIM.addFault(FaultRule.appliedResponseLost(CREATE).times(1)
        .whenMetadata("reservation_id", reservation));
    SIM.addFault(FaultRule.http5xx(CREATE, 500).whenMetadata("reservation_id", reservation));
    send(reservation, authorize(reservation, 900));
    PaymentAuthorizationStarted started =
        awaitEvent(reservation, PaymentAuthorizationStarted.class);
    assertThat(intentsAtStripe(reservation)).hasSize(1)
        .allSatisfy(pi -> assertThat(pi.get("id").getAsString())
            .isEqualTo(started.getPaymentIntentId()));
    assertThat(events(reservation, PaymentOperationParked.class)).isEmpty();
  }

  @Test
  @DisplayName("an authorization Stripe never received is parked visibly, then created once by the sweep")
  void exhaustedAuthorizeParksThenResolves() {
    String reservation = newReservation("parked-auth");
    FaultRule outage = SIM.addFault(FaultRule.http5xx(CREATE, 502)
        .whenMetadata("reservation_id", reservation));
    send(reservation, authorize(reservation, 900));
    PaymentOperationParked parked = awaitEvent(reservation, PaymentOperationParked.class);
    assertThat(parked.getOperation()).isEqualTo("AUTHORIZE");
    assertThat(intentsAtStripe(reservation)).isEmpty();

    SIM.removeFault(outage.id());
    sweeper.sweep();
    PaymentAuthorizationStarted started =
        awaitEvent(reservation, PaymentAuthorizationStarted.class);
    assertThat(intentsAtStripe(reservation)).hasSize(1)
        .allSatisfy(pi -> assertThat(pi.get("id").getAsString())
            .isEqualTo(started.getPaymentIntentId()));
    assertThat(status(reservation)).isEqualTo("AWAITING_CUSTOMER");
  }

  @Test
  @DisplayName("a redelivered CapturePayment is dropped; a repeated one is answered with the same PaymentCaptured, never a second capture")
  void redeliveredCapture() {
    String reservation = newReservation("redelivered");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 3100);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);

    UUID eventId = UUID.randomUUID();
    send(reservation, capture(reservation, 3100), eventId);
    send(reservation, capture(reservation, 3100), eventId); // Kafka redelivery: same event id
    UUID again = send(reservation, capture(reservation, 3100)); // the saga asking again
    awaitEvent(reservation, PaymentCaptured.class);
    await().atMost(DEADLINE).until(() -> jdbc.queryForObject(
        "select count(*) from inbox where consumer = 'payment-service' and event_id in (?, ?)",
        Integer.class, eventId, again) == 2);

    assertThat(capturesRecorded(reservation)).isEqualTo(1);
    assertThat(capturesExecutedAtStripe(intentsAtStripe(reservation))).isEqualTo(1);
    // The redelivery is dropped by the inbox; the repeated command is answered with the same fact.
    List<PaymentCaptured> captured = await().atMost(DEADLINE)
        .until(() -> events(reservation, PaymentCaptured.class), l -> l.size() >= 2);
    assertThat(captured).hasSize(2);
    assertThat(captured.get(1).getChargeId()).isEqualTo(captured.get(0).getChargeId());
    assertThat(captured.get(1).getAmountCapturedMinor()).isEqualTo(3100);
    assertThat(jdbc.queryForObject("select count(*) from stripe_calls where reservation_id = ?"
        + " and operation = 'capture'", Integer.class, reservation)).isEqualTo(1);
  }

  @Test
  @DisplayName("a crash after Stripe applied the capture but before the local commit records the capture exactly once")
  void crashAfterCaptureBeforeCommit() {
    String reservation = newReservation("crash");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 2700);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);

    crashes.crashOnceAfter(PaymentOperation.CAPTURE, reservation);
    UUID command = send(reservation, capture(reservation, 2700));
    PaymentCaptured first = awaitEvent(reservation, PaymentCaptured.class);
    await().atMost(DEADLINE).until(() -> jdbc.queryForObject(
        "select count(*) from inbox where consumer = 'payment-service' and event_id = ?",
        Integer.class, command) == 1);

    assertThat(capturesRecorded(reservation)).isEqualTo(1);
    List<JsonObject> intents = intentsAtStripe(reservation);
    assertThat(intents).hasSize(1);
    assertThat(capturesExecutedAtStripe(intents)).isEqualTo(1);
    // Whichever comes first converges to the same single record: the redelivered command (same
    // idempotency key, Stripe replays its first answer) or Stripe's payment_intent.succeeded
    // webhook (the retrieved intent says succeeded). When the webhook wins, the redelivered
    // command finds the capture recorded and answers with the same PaymentCaptured again.
    assertThat(events(reservation, PaymentCaptured.class)).hasSizeBetween(1, 2)
        .allSatisfy(c -> {
          assertThat(c.getChargeId()).isEqualTo(first.getChargeId());
          assertThat(c.getAmountCapturedMinor()).isEqualTo(2700);
        });
  }

  static long refundsAtStripe(String paymentIntentId) {
    long n = 0;
    for (JsonElement e : SIM.objects().getAsJsonArray("refunds")) {
      JsonObject r = e.getAsJsonObject();
      if (r.has("payment_intent") && paymentIntentId.equals(r.get("payment_intent").getAsString())) {
        n++;
      }
    }
    return n;
  }

  static long replayedCaptures(String paymentIntentId) {
    long n = 0;
    for (JsonElement e : SIM.requests("POST", "/v1/payment_intents/" + paymentIntentId)) {
      JsonObject r = e.getAsJsonObject();
      if (r.get("path").getAsString().endsWith("/capture") && r.has("replayed")
          && !r.get("replayed").isJsonNull() && r.get("replayed").getAsBoolean()) {
        n++;
      }
    }
    return n;
  }

  static long faultsFired(String reservation) {
    long fired = 0;
    for (JsonElement e : SIM.faults()) {
      JsonObject f = e.getAsJsonObject();
      JsonObject rule = f.getAsJsonObject("rule");
      if (rule.has("metadataValue") && reservation.equals(rule.get("metadataValue").getAsString())) {
        fired += f.get("fired").getAsLong();
      }
    }
    return fired;
  }
}
