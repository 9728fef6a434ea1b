package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationExpired;
import com.bookiji.schemas.payment.PaymentAuthorizationFailed;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentFailureReason;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Start here: the payment lifecycle through stripe-java, the simulator, Kafka and PostgreSQL. */
class PaymentLifecycleIT extends PaymentITSupport {

  @Test
  @DisplayName("authorize → the customer confirms the card → PaymentAuthorized → capture → PaymentCaptured")
  void happyPath() {
    String reservation = newReservation("happy");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 4200);
    assertThat(started.getClientSecret()).startsWith(started.getPaymentIntentId());
    assertThat(started.getAmountMinor()).isEqualTo(4200);

    customerConfirms(started, "pm_card_visa");
    PaymentAuthorized authorized = awaitEvent(reservation, PaymentAuthorized.class);
    assertThat(authorized.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());

    send(reservation, capture(reservation, 4200));
    PaymentCaptured captured = awaitEvent(reservation, PaymentCaptured.class);
    assertThat(captured.getAmountCapturedMinor()).isEqualTo(4200);
    assertThat(captured.getChargeId()).isNotNull();

    assertThat(status(reservation)).isEqualTo("CAPTURED");
    assertThat(capturesRecorded(reservation)).isEqualTo(1);
    List<Map<String, Object>> calls = jdbc.queryForList("select operation, idempotency_key,"
        + " request_id, object_id from stripe_calls where reservation_id = ? and outcome = 'OK'"
        + " order by id", reservation);
    assertThat(calls).extracting(c -> c.get("operation")).contains("authorize", "capture");
    assertThat(calls).allSatisfy(c -> assertThat(c.get("request_id")).isNotNull());
    assertThat(calls).filteredOn(c -> "capture".equals(c.get("operation")))
        .extracting(c -> c.get("idempotency_key"))
        .containsOnly("bookiji:" + reservation + ":capture:1");
    assertThat(intentsAtStripe(reservation)).hasSize(1);
  }

  @Test
  @DisplayName("a declined card fails the authorization with CARD_DECLINED")
  void decline() {
    String reservation = newReservation("decline");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 1500);
    customerConfirms(started, "pm_card_chargeDeclined");
    PaymentAuthorizationFailed failed = awaitEvent(reservation, PaymentAuthorizationFailed.class);
    assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.CARD_DECLINED);
    assertThat(failed.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(status(reservation)).isEqualTo("AUTHORIZATION_FAILED");
    assertThat(events(reservation, PaymentAuthorized.class)).isEmpty();
  }

  @Test
  @DisplayName("a card that requires authentication is authorized once the customer completes it")
  void authenticationCompleted() {
    String reservation = newReservation("3ds-ok");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 2500);
    customerConfirms(started, "pm_card_authenticationRequired");
    await().atMost(DEADLINE).until(() -> "AWAITING_CUSTOMER".equals(status(reservation)));
    SIM.completeAuthentication(started.getPaymentIntentId(), true);
    awaitEvent(reservation, PaymentAuthorized.class);
    assertThat(status(reservation)).isEqualTo("AUTHORIZED");
  }

  @Test
  @DisplayName("a failed authentication fails the authorization with AUTHENTICATION_FAILED")
  void authenticationFailed() {
    String reservation = newReservation("3ds-fail");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 2500);
    customerConfirms(started, "pm_card_authenticationRequired");
    SIM.completeAuthentication(started.getPaymentIntentId(), false);
    PaymentAuthorizationFailed failed = awaitEvent(reservation, PaymentAuthorizationFailed.class);
    assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.AUTHENTICATION_FAILED);
    assertThat(events(reservation, PaymentAuthorized.class)).isEmpty();
  }

  @Test
  @DisplayName("an authorization Stripe cancels on expiry becomes PaymentAuthorizationExpired, not a void")
  void authorizationExpiry() {
    String reservation = newReservation("expiry");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 3000);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);

    SIM.advanceClock(Duration.ofDays(8));
    assertThat(SIM.expireAuthorizations()).isGreaterThanOrEqualTo(1);

    PaymentAuthorizationExpired expired =
        awaitEvent(reservation, PaymentAuthorizationExpired.class);
    assertThat(expired.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(status(reservation)).isEqualTo("AUTHORIZATION_EXPIRED");
    assertThat(events(reservation, PaymentVoided.class)).isEmpty();
  }

  @Test
  @DisplayName("voiding an authorization cancels the intent at Stripe and publishes PaymentVoided")
  void voidAuthorization() {
    String reservation = newReservation("void");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 3000);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, voidPayment(reservation));
    PaymentVoided voided = awaitEvent(reservation, PaymentVoided.class);
    assertThat(voided.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(intentsAtStripe(reservation).get(0).get("status").getAsString())
        .isEqualTo("canceled");
  }

  @Test
  @DisplayName("voiding a reservation that never had a payment answers PaymentVoided without an intent")
  void voidWithoutPayment() {
    String reservation = newReservation("void-none");
    send(reservation, voidPayment(reservation));
    PaymentVoided voided = awaitEvent(reservation, PaymentVoided.class);
    assertThat(voided.getPaymentIntentId()).isNull();
  }

  @Test
  @DisplayName("an authorization of amount 0 (a free slot from before they were refused) fails at once with INVALID_REQUEST: no intent, no dead letter")
  void zeroAmountFailsAtOnce() {
    String reservation = newReservation("free");
    send(reservation, authorize(reservation, 0));
    PaymentAuthorizationFailed failed = awaitEvent(reservation, PaymentAuthorizationFailed.class);
    assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.INVALID_REQUEST);
    assertThat(failed.getPaymentIntentId()).isNull();
    assertThat(failed.getDetail()).contains("positive amount");
    assertThat(intentsAtStripe(reservation)).isEmpty();
    assertThat(PROBE.readAll(com.bookiji.schemas.Topic.PAYMENT_COMMANDS.deadLetterTopicName()))
        .noneMatch(r -> reservation.equals(r.key()));
  }

  @Test
  @DisplayName("a partial refund then a full refund of the rest return all the money, each once")
  void partialAndFullRefund() {
    String reservation = newReservation("refund");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 5000);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 5000));
    awaitEvent(reservation, PaymentCaptured.class);

    send(reservation, refund(reservation, 2000L));
    await().atMost(DEADLINE).until(() -> "PARTIALLY_REFUNDED".equals(status(reservation)));
    send(reservation, refund(reservation, null));
    await().atMost(DEADLINE).until(() -> "REFUNDED".equals(status(reservation)));

    List<PaymentRefunded> refunds = await().atMost(DEADLINE)
        .until(() -> events(reservation, PaymentRefunded.class), l -> l.size() >= 2);
    assertThat(refunds).extracting(PaymentRefunded::getAmountMinor).containsExactly(2000L, 3000L);
    assertThat(jdbc.queryForObject("select count(*) from refunds where reservation_id = ?",
        Integer.class, reservation)).isEqualTo(2);
  }
}
