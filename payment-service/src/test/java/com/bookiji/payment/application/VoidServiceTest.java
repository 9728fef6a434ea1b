package com.bookiji.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.payment.application.FakeStripe.Operation;
import com.bookiji.payment.domain.IntentStatus;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** VoidPayment against an in-memory store and a fake Stripe: no Spring, no database. */
class VoidServiceTest {

  final PaymentUseCases payments = new PaymentUseCases();

  @Test
  @DisplayName("a void cancels the authorization; a repeated void says the same PaymentVoided again, with one cancel at Stripe")
  void voidOnce() {
    Payment authorized = payments.authorized("res-1", 5000);
    payments.newFacts();

    payments.voidPayment("res-1");
    payments.voidPayment("res-1");

    PaymentEvent voided = new PaymentEvent.Voided("res-1", authorized.paymentIntentId());
    assertThat(payments.newFacts()).containsExactly(voided, voided);
    assertThat(payments.stripe.intent(authorized.paymentIntentId()).status())
        .isEqualTo(IntentStatus.CANCELED);
    assertThat(payments.stripe.callsOf(Operation.CANCEL)).isOne();
  }

  @Test
  @DisplayName("a void for a reservation without payment answers PaymentVoided with no intent")
  void voidWithoutPayment() {
    payments.voidPayment("res-1");

    assertThat(payments.newFacts()).containsExactly(new PaymentEvent.Voided("res-1", null));
    assertThat(payments.stripe.calls).isEmpty();
  }

  @Test
  @DisplayName("a void after a decline still cancels the intent, which the customer could otherwise confirm later")
  void voidAfterDecline() {
    payments.authorizePayment("res-1", 5000);
    Payment awaiting = payments.store.payment("res-1");
    payments.stripe.cardDeclined(awaiting.paymentIntentId());
    payments.transitions.refresh(awaiting, PaymentUseCases.context("res-1"));
    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.AUTHORIZATION_FAILED);
    payments.newFacts();

    payments.voidPayment("res-1");

    assertThat(payments.newFacts())
        .containsExactly(new PaymentEvent.Voided("res-1", awaiting.paymentIntentId()));
    assertThat(payments.stripe.callsOf(Operation.CANCEL)).isOne();
  }

  @Test
  @DisplayName("a void after the capture says PaymentCaptured again (the saga then refunds) and cancels nothing")
  void voidAfterCapture() {
    payments.captured("res-1", 5000);
    var history = payments.newFacts();
    PaymentEvent captured = history.get(history.size() - 1);

    payments.voidPayment("res-1");

    assertThat(payments.newFacts()).containsExactly(captured);
    assertThat(payments.stripe.callsOf(Operation.CANCEL)).isZero();
  }

  @Test
  @DisplayName("a void after the full refund says PaymentCaptured and the last PaymentRefunded again")
  void voidAfterFullRefund() {
    payments.captured("res-1", 5000);
    payments.refundPayment("res-1", null);
    var history = payments.newFacts();
    PaymentEvent captured = history.stream().filter(PaymentEvent.Captured.class::isInstance)
        .findFirst().orElseThrow();
    PaymentEvent refunded = history.get(history.size() - 1);

    payments.voidPayment("res-1");

    assertThat(payments.newFacts()).containsExactly(captured, refunded);
    assertThat(payments.stripe.callsOf(Operation.CANCEL)).isZero();
  }
}
