package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationFailed;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentRefundFailed;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The saga re-sends an undo or a capture until it hears the fact it waits for, possibly under a new
 * event id after the outcome was decided. Every such command is answered with the fact that
 * describes the payment, identical to the first one, and Stripe sees no second effect.
 */
class RepeatedCommandsIT extends PaymentITSupport {

  @Test
  @DisplayName("a second VoidPayment after the void re-publishes the same PaymentVoided and cancels once at Stripe")
  void voidTwice() {
    String reservation = newReservation("void-twice");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 3000);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, voidPayment(reservation));
    awaitEvent(reservation, PaymentVoided.class);

    send(reservation, voidPayment(reservation));
    List<PaymentVoided> voided = awaitCount(reservation, PaymentVoided.class, 2);
    assertThat(voided).extracting(PaymentVoided::getPaymentIntentId)
        .containsOnly(started.getPaymentIntentId());
    assertThat(executedAtStripe(started.getPaymentIntentId() + "/cancel")).isEqualTo(1);
    assertThat(stripeCalls(reservation, "void")).isEqualTo(1);
  }

  @Test
  @DisplayName("VoidPayment after a decline cancels the open intent and answers PaymentVoided, again when repeated")
  void voidAfterDecline() {
    String reservation = newReservation("void-declined");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 1500);
    customerConfirms(started, "pm_card_chargeDeclined");
    awaitEvent(reservation, PaymentAuthorizationFailed.class);

    // The saga owes a void for a failed authorization (the intent could still be confirmed):
    // only PaymentVoided acknowledges it.
    send(reservation, voidPayment(reservation));
    PaymentVoided voided = awaitEvent(reservation, PaymentVoided.class);
    assertThat(voided.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(intentsAtStripe(reservation).get(0).get("status").getAsString())
        .isEqualTo("canceled");

    send(reservation, voidPayment(reservation));
    assertThat(awaitCount(reservation, PaymentVoided.class, 2))
        .extracting(PaymentVoided::getPaymentIntentId).containsOnly(started.getPaymentIntentId());
    assertThat(executedAtStripe(started.getPaymentIntentId() + "/cancel")).isEqualTo(1);
    assertThat(status(reservation)).isEqualTo("VOIDED");
  }

  @Test
  @DisplayName("a second CapturePayment after the capture re-publishes the same PaymentCaptured and captures once at Stripe")
  void captureTwice() {
    String reservation = newReservation("capture-twice");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 4100);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 4100));
    PaymentCaptured first = awaitEvent(reservation, PaymentCaptured.class);

    send(reservation, capture(reservation, 4100));
    List<PaymentCaptured> captured = awaitCount(reservation, PaymentCaptured.class, 2);
    PaymentCaptured again = captured.get(1);
    assertThat(again.getPaymentIntentId()).isEqualTo(first.getPaymentIntentId());
    assertThat(again.getAmountCapturedMinor()).isEqualTo(4100);
    assertThat(again.getChargeId()).isNotNull().isEqualTo(first.getChargeId());
    assertThat(again.getCurrency()).isEqualTo(first.getCurrency());
    assertThat(capturesExecutedAtStripe(intentsAtStripe(reservation))).isEqualTo(1);
    assertThat(capturesRecorded(reservation)).isEqualTo(1);
    assertThat(stripeCalls(reservation, "capture")).isEqualTo(1);
  }

  @Test
  @DisplayName("VoidPayment after the capture answers PaymentCaptured again, so the saga refunds")
  void voidAfterCapture() {
    String reservation = newReservation("void-captured");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 2200);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 2200));
    PaymentCaptured first = awaitEvent(reservation, PaymentCaptured.class);

    send(reservation, voidPayment(reservation));
    PaymentCaptured again = awaitCount(reservation, PaymentCaptured.class, 2).get(1);
    assertThat(again.getChargeId()).isEqualTo(first.getChargeId());
    assertThat(again.getAmountCapturedMinor()).isEqualTo(2200);
    assertThat(events(reservation, PaymentVoided.class)).isEmpty();
    assertThat(stripeCalls(reservation, "void")).isZero();
    assertThat(status(reservation)).isEqualTo("CAPTURED");
  }

  @Test
  @DisplayName("RefundPayment repeated after the full refund re-publishes the same PaymentRefunded and refunds once at Stripe")
  void refundTwice() {
    String reservation = newReservation("refund-twice");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 3300);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 3300));
    awaitEvent(reservation, PaymentCaptured.class);
    send(reservation, refund(reservation, null));
    PaymentRefunded first = awaitEvent(reservation, PaymentRefunded.class);

    send(reservation, refund(reservation, null));
    PaymentRefunded again = awaitCount(reservation, PaymentRefunded.class, 2).get(1);
    assertThat(again.getRefundId()).isEqualTo(first.getRefundId());
    assertThat(again.getAmountMinor()).isEqualTo(3300).isEqualTo(first.getAmountMinor());
    assertThat(again.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(events(reservation, PaymentRefundFailed.class)).isEmpty();
    assertThat(refundsAtStripe(reservation)).isEqualTo(1);
    assertThat(stripeCalls(reservation, "refund")).isEqualTo(1);

    // And a VoidPayment now says both facts, so any saga ends with nothing owed.
    send(reservation, voidPayment(reservation));
    awaitCount(reservation, PaymentCaptured.class, 2);
    awaitCount(reservation, PaymentRefunded.class, 3);
    assertThat(refundsAtStripe(reservation)).isEqualTo(1);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static <T> List<T> awaitCount(String reservationId, Class<T> type, int count) {
    return await().atMost(DEADLINE)
        .until(() -> events(reservationId, type), l -> l.size() >= count);
  }

  /** Requests to a payment-intent sub-path that Stripe executed (status 200, not replayed). */
  static long executedAtStripe(String pathSuffix) {
    long n = 0;
    for (JsonElement e : SIM.requests("POST", "/v1/payment_intents/")) {
      JsonObject r = e.getAsJsonObject();
      if (r.get("path").getAsString().endsWith(pathSuffix) && executed(r)) {
        n++;
      }
    }
    return n;
  }

  /** Refunds Stripe created for this reservation (our refund keys name the reservation). */
  static long refundsAtStripe(String reservationId) {
    long n = 0;
    for (JsonElement e : SIM.requests("POST", "/v1/refunds")) {
      JsonObject r = e.getAsJsonObject();
      String key = r.has("idempotency_key") && !r.get("idempotency_key").isJsonNull()
          ? r.get("idempotency_key").getAsString() : "";
      if (executed(r) && key.startsWith("bookiji:" + reservationId + ":refund:")) {
        n++;
      }
    }
    return n;
  }

  private static boolean executed(JsonObject r) {
    boolean replayed = r.has("replayed") && !r.get("replayed").isJsonNull()
        && r.get("replayed").getAsBoolean();
    int status = r.has("status") && !r.get("status").isJsonNull() ? r.get("status").getAsInt() : 0;
    return status == 200 && !replayed;
  }

  int stripeCalls(String reservationId, String operation) {
    return jdbc.queryForObject("select count(*) from stripe_calls where reservation_id = ?"
        + " and operation = ?", Integer.class, reservationId, operation);
  }
}
