package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.authorize;
import static com.bookiji.payment.it.PaymentCommands.capture;
import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static com.bookiji.payment.it.PaymentCommands.refund;
import static com.bookiji.payment.it.PaymentCommands.voidPayment;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.schemas.Topic;
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
class PaymentLifecycleIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  @Test
  @DisplayName("authorize → the customer confirms the card → PaymentAuthorized → capture → PaymentCaptured")
  void happyPath() {
    String reservation = newReservation("happy");
    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 4200);
    assertThat(started.getClientSecret()).startsWith(started.getPaymentIntentId());
    assertThat(started.getAmountMinor()).isEqualTo(4200);

    stripe.customerConfirms(started, "pm_card_visa");
    PaymentAuthorized authorized = sut.awaitEvent(reservation, PaymentAuthorized.class);
    assertThat(authorized.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());

    sut.send(reservation, capture(reservation, 4200));
    PaymentCaptured captured = sut.awaitEvent(reservation, PaymentCaptured.class);
    assertThat(captured.getAmountCapturedMinor()).isEqualTo(4200);
    assertThat(captured.getChargeId()).isNotNull();

    assertThat(sut.status(reservation)).isEqualTo("CAPTURED");
    assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
    List<Map<String, Object>> calls = sut.jdbc.queryForList("select operation, idempotency_key,"
        + " request_id, object_id from stripe_calls where reservation_id = ? and outcome = 'OK'"
        + " order by id", reservation);
    assertThat(calls).extracting(c -> c.get("operation")).contains("authorize", "capture");
    assertThat(calls).allSatisfy(c -> assertThat(c.get("request_id")).isNotNull());
    assertThat(calls).filteredOn(c -> "capture".equals(c.get("operation")))
        .extracting(c -> c.get("idempotency_key"))
        .containsOnly("bookiji:" + reservation + ":capture:1");
    assertThat(stripe.intents(reservation)).hasSize(1);
  }

  @Test
  @DisplayName("a declined card fails the authorization with CARD_DECLINED")
  void decline() {
    String reservation = newReservation("decline");
    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 1500);
    stripe.customerConfirms(started, "pm_card_chargeDeclined");
    PaymentAuthorizationFailed failed = sut.awaitEvent(reservation, PaymentAuthorizationFailed.class);
    assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.CARD_DECLINED);
    assertThat(failed.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(sut.status(reservation)).isEqualTo("AUTHORIZATION_FAILED");
    assertThat(sut.events(reservation, PaymentAuthorized.class)).isEmpty();
  }

  @Test
  @DisplayName("a card that requires authentication is authorized once the customer completes it")
  void authenticationCompleted() {
    String reservation = newReservation("3ds-ok");
    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 2500);
    stripe.customerConfirms(started, "pm_card_authenticationRequired");
    sut.awaitStatus(reservation, "AWAITING_CUSTOMER");
    stripe.control.completeAuthentication(started.getPaymentIntentId(), true);
    sut.awaitEvent(reservation, PaymentAuthorized.class);
    assertThat(sut.status(reservation)).isEqualTo("AUTHORIZED");
  }

  @Test
  @DisplayName("a failed authentication fails the authorization with AUTHENTICATION_FAILED")
  void authenticationFailed() {
    String reservation = newReservation("3ds-fail");
    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 2500);
    stripe.customerConfirms(started, "pm_card_authenticationRequired");
    stripe.control.completeAuthentication(started.getPaymentIntentId(), false);
    PaymentAuthorizationFailed failed = sut.awaitEvent(reservation, PaymentAuthorizationFailed.class);
    assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.AUTHENTICATION_FAILED);
    assertThat(sut.events(reservation, PaymentAuthorized.class)).isEmpty();
  }

  @Test
  @DisplayName("an authorization Stripe cancels on expiry becomes PaymentAuthorizationExpired, not a void")
  void authorizationExpiry() {
    String reservation = newReservation("expiry");
    PaymentAuthorizationStarted started = sut.authorized(reservation, 3000);

    stripe.control.advanceClock(Duration.ofDays(8));
    assertThat(stripe.control.expireAuthorizations()).isGreaterThanOrEqualTo(1);

    PaymentAuthorizationExpired expired =
        sut.awaitEvent(reservation, PaymentAuthorizationExpired.class);
    assertThat(expired.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(sut.status(reservation)).isEqualTo("AUTHORIZATION_EXPIRED");
    assertThat(sut.events(reservation, PaymentVoided.class)).isEmpty();
  }

  @Test
  @DisplayName("voiding an authorization cancels the intent at Stripe and publishes PaymentVoided")
  void voidAuthorization() {
    String reservation = newReservation("void");
    PaymentAuthorizationStarted started = sut.authorized(reservation, 3000);
    sut.send(reservation, voidPayment(reservation));
    PaymentVoided voided = sut.awaitEvent(reservation, PaymentVoided.class);
    assertThat(voided.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(stripe.intents(reservation).get(0).get("status").getAsString())
        .isEqualTo("canceled");
  }

  @Test
  @DisplayName("voiding a reservation that never had a payment answers PaymentVoided without an intent")
  void voidWithoutPayment() {
    String reservation = newReservation("void-none");
    sut.send(reservation, voidPayment(reservation));
    PaymentVoided voided = sut.awaitEvent(reservation, PaymentVoided.class);
    assertThat(voided.getPaymentIntentId()).isNull();
  }

  @Test
  @DisplayName("an authorization of amount 0 (a free slot from before they were refused) fails at once with INVALID_REQUEST: no intent, no dead letter")
  void zeroAmountFailsAtOnce() {
    String reservation = newReservation("free");
    sut.send(reservation, authorize(reservation, 0));
    PaymentAuthorizationFailed failed = sut.awaitEvent(reservation, PaymentAuthorizationFailed.class);
    assertThat(failed.getReason()).isEqualTo(PaymentFailureReason.INVALID_REQUEST);
    assertThat(failed.getPaymentIntentId()).isNull();
    assertThat(failed.getDetail()).contains("positive amount");
    assertThat(stripe.intents(reservation)).isEmpty();
    assertThat(sut.deadLetters(Topic.PAYMENT_COMMANDS))
        .noneMatch(r -> reservation.equals(r.key()));
  }

  @Test
  @DisplayName("a partial refund then a full refund of the rest return all the money, each once")
  void partialAndFullRefund() {
    String reservation = newReservation("refund");
    sut.captured(reservation, 5000);

    sut.send(reservation, refund(reservation, 2000L));
    sut.awaitStatus(reservation, "PARTIALLY_REFUNDED");
    sut.send(reservation, refund(reservation, null));
    sut.awaitStatus(reservation, "REFUNDED");

    List<PaymentRefunded> refunds = sut.awaitEvents(reservation, PaymentRefunded.class, 2);
    assertThat(refunds).extracting(PaymentRefunded::getAmountMinor).containsExactly(2000L, 3000L);
    assertThat(sut.count("select count(*) from refunds where reservation_id = ?", reservation))
        .isEqualTo(2);
  }
}
