package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.capture;
import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static com.bookiji.payment.it.PaymentCommands.refund;
import static com.bookiji.payment.it.PaymentCommands.voidPayment;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.schemas.payment.PaymentAuthorizationFailed;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentRefundFailed;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The saga re-sends an undo or a capture until it hears the fact it waits for, possibly under a new
 * event id after the outcome was decided. Every such command is answered with the fact that
 * describes the payment, identical to the first one, and Stripe sees no second effect.
 */
class RepeatedCommandsIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  @Test
  @DisplayName("a second VoidPayment after the void re-publishes the same PaymentVoided and cancels once at Stripe")
  void voidTwice() {
    String reservation = newReservation("void-twice");
    PaymentAuthorizationStarted started = sut.authorized(reservation, 3000);
    sut.send(reservation, voidPayment(reservation));
    sut.awaitEvent(reservation, PaymentVoided.class);

    sut.send(reservation, voidPayment(reservation));
    List<PaymentVoided> voided = sut.awaitEvents(reservation, PaymentVoided.class, 2);
    assertThat(voided).extracting(PaymentVoided::getPaymentIntentId)
        .containsOnly(started.getPaymentIntentId());
    assertThat(stripe.executed(started.getPaymentIntentId() + "/cancel")).isEqualTo(1);
    assertThat(sut.stripeCalls(reservation, "void")).isEqualTo(1);
  }

  @Test
  @DisplayName("VoidPayment after a decline cancels the open intent and answers PaymentVoided, again when repeated")
  void voidAfterDecline() {
    String reservation = newReservation("void-declined");
    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 1500);
    stripe.customerConfirms(started, "pm_card_chargeDeclined");
    sut.awaitEvent(reservation, PaymentAuthorizationFailed.class);

    // The saga owes a void for a failed authorization (the intent could still be confirmed):
    // only PaymentVoided acknowledges it.
    sut.send(reservation, voidPayment(reservation));
    PaymentVoided voided = sut.awaitEvent(reservation, PaymentVoided.class);
    assertThat(voided.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(stripe.intents(reservation).get(0).get("status").getAsString())
        .isEqualTo("canceled");

    sut.send(reservation, voidPayment(reservation));
    assertThat(sut.awaitEvents(reservation, PaymentVoided.class, 2))
        .extracting(PaymentVoided::getPaymentIntentId).containsOnly(started.getPaymentIntentId());
    assertThat(stripe.executed(started.getPaymentIntentId() + "/cancel")).isEqualTo(1);
    assertThat(sut.status(reservation)).isEqualTo("VOIDED");
  }

  @Test
  @DisplayName("a second CapturePayment after the capture re-publishes the same PaymentCaptured and captures once at Stripe")
  void captureTwice() {
    String reservation = newReservation("capture-twice");
    sut.authorized(reservation, 4100);
    sut.send(reservation, capture(reservation, 4100));
    PaymentCaptured first = sut.awaitEvent(reservation, PaymentCaptured.class);

    sut.send(reservation, capture(reservation, 4100));
    List<PaymentCaptured> captured = sut.awaitEvents(reservation, PaymentCaptured.class, 2);
    PaymentCaptured again = captured.get(1);
    assertThat(again.getPaymentIntentId()).isEqualTo(first.getPaymentIntentId());
    assertThat(again.getAmountCapturedMinor()).isEqualTo(4100);
    assertThat(again.getChargeId()).isNotNull().isEqualTo(first.getChargeId());
    assertThat(again.getCurrency()).isEqualTo(first.getCurrency());
    assertThat(stripe.capturesExecuted(stripe.intents(reservation))).isEqualTo(1);
    assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
    assertThat(sut.stripeCalls(reservation, "capture")).isEqualTo(1);
  }

  @Test
  @DisplayName("VoidPayment after the capture answers PaymentCaptured again, so the saga refunds")
  void voidAfterCapture() {
    String reservation = newReservation("void-captured");
    sut.authorized(reservation, 2200);
    sut.send(reservation, capture(reservation, 2200));
    PaymentCaptured first = sut.awaitEvent(reservation, PaymentCaptured.class);

    sut.send(reservation, voidPayment(reservation));
    PaymentCaptured again = sut.awaitEvents(reservation, PaymentCaptured.class, 2).get(1);
    assertThat(again.getChargeId()).isEqualTo(first.getChargeId());
    assertThat(again.getAmountCapturedMinor()).isEqualTo(2200);
    assertThat(sut.events(reservation, PaymentVoided.class)).isEmpty();
    assertThat(sut.stripeCalls(reservation, "void")).isZero();
    assertThat(sut.status(reservation)).isEqualTo("CAPTURED");
  }

  @Test
  @DisplayName("RefundPayment repeated after the full refund re-publishes the same PaymentRefunded and refunds once at Stripe")
  void refundTwice() {
    String reservation = newReservation("refund-twice");
    PaymentAuthorizationStarted started = sut.captured(reservation, 3300);
    sut.send(reservation, refund(reservation, null));
    PaymentRefunded first = sut.awaitEvent(reservation, PaymentRefunded.class);

    sut.send(reservation, refund(reservation, null));
    PaymentRefunded again = sut.awaitEvents(reservation, PaymentRefunded.class, 2).get(1);
    assertThat(again.getRefundId()).isEqualTo(first.getRefundId());
    assertThat(again.getAmountMinor()).isEqualTo(3300).isEqualTo(first.getAmountMinor());
    assertThat(again.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(sut.events(reservation, PaymentRefundFailed.class)).isEmpty();
    assertThat(stripe.refundsExecutedFor(reservation)).isEqualTo(1);
    assertThat(sut.stripeCalls(reservation, "refund")).isEqualTo(1);

    // And a VoidPayment now says both facts, so any saga ends with nothing owed.
    sut.send(reservation, voidPayment(reservation));
    sut.awaitEvents(reservation, PaymentCaptured.class, 2);
    sut.awaitEvents(reservation, PaymentRefunded.class, 3);
    assertThat(stripe.refundsExecutedFor(reservation)).isEqualTo(1);
  }
}
