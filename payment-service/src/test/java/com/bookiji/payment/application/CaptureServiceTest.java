package com.bookiji.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.payment.application.FakeStripe.Operation;
import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CapturePayment against an in-memory store and a fake Stripe: no Spring, no database. */
class CaptureServiceTest {

  final PaymentUseCases payments = new PaymentUseCases();

  @Test
  @DisplayName("an authorized payment is captured once; a repeated capture says the same PaymentCaptured again without calling Stripe")
  void capturedOnce() {
    Payment authorized = payments.authorized("res-1", 5000);
    payments.newFacts();

    payments.capturePayment("res-1", 5000);
    PaymentEvent captured = payments.newFacts().get(0);
    payments.capturePayment("res-1", 5000);

    assertThat(captured).isInstanceOfSatisfying(PaymentEvent.Captured.class, c -> {
      assertThat(c.paymentIntentId()).isEqualTo(authorized.paymentIntentId());
      assertThat(c.amountCapturedMinor()).isEqualTo(5000);
      assertThat(c.chargeId()).startsWith("ch_");
    });
    assertThat(payments.newFacts()).containsExactly(captured);
    assertThat(payments.store.captures).containsOnlyKeys("res-1");
    assertThat(payments.stripe.callsOf(Operation.CAPTURE)).isOne();
  }

  @Test
  @DisplayName("a capture of more than the authorization is refused as an invalid request, and nothing is sent to Stripe")
  void captureAboveTheAuthorizationIsRefused() {
    payments.authorized("res-1", 5000);
    payments.newFacts();

    payments.capturePayment("res-1", 5001);

    assertThat(payments.newFacts()).singleElement()
        .isInstanceOfSatisfying(PaymentEvent.CaptureFailed.class,
            failed -> assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST));
    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(payments.stripe.callsOf(Operation.CAPTURE)).isZero();
  }

  @Test
  @DisplayName("a capture for a reservation without payment fails, naming why")
  void captureWithoutPayment() {
    payments.capturePayment("res-1", 5000);

    assertThat(payments.newFacts()).containsExactly(new PaymentEvent.CaptureFailed("res-1", null,
        FailureReason.INVALID_REQUEST, "no payment for this reservation"));
  }

  @Test
  @DisplayName("a capture that arrives before the authorization's webhook asks Stripe first, then captures")
  void captureBeforeTheWebhook() {
    payments.authorizePayment("res-1", 5000);
    payments.stripe.customerConfirms(payments.store.payment("res-1").paymentIntentId());
    payments.newFacts();

    payments.capturePayment("res-1", 5000);

    assertThat(payments.newFacts()).hasExactlyElementsOfTypes(PaymentEvent.Authorized.class,
        PaymentEvent.Captured.class);
    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.CAPTURED);
  }

  @Test
  @DisplayName("a capture whose response was lost is resolved by retrieving the intent: captured once, recorded once")
  void lostCaptureResponseIsResolved() {
    payments.authorized("res-1", 5000);
    payments.newFacts();
    payments.stripe.loseNextResponse(Operation.CAPTURE);

    payments.capturePayment("res-1", 5000);

    assertThat(payments.newFacts()).singleElement().isInstanceOf(PaymentEvent.Captured.class);
    assertThat(payments.store.captures).containsOnlyKeys("res-1");
    assertThat(payments.stripe.callsOf(Operation.CAPTURE)).isOne();
  }

  @Test
  @DisplayName("a capture Stripe never received is parked, and resuming it captures with the same key and amount")
  void unreceivedCaptureIsParkedThenResumed() {
    payments.authorized("res-1", 5000);
    payments.newFacts();
    payments.stripe.neverReceiveNext(Operation.CAPTURE);

    payments.capturePayment("res-1", 4000);
    assertThat(payments.newFacts()).singleElement().isInstanceOf(PaymentEvent.OperationParked.class);
    payments.capture.resume(payments.store.payment("res-1"), PaymentUseCases.context("res-1"));

    assertThat(payments.newFacts()).singleElement()
        .isInstanceOfSatisfying(PaymentEvent.Captured.class,
            c -> assertThat(c.amountCapturedMinor()).isEqualTo(4000));
    assertThat(payments.stripe.calls).extracting(FakeStripe.Call::idempotencyKey)
        .containsExactly("bookiji:res-1:authorize:1", "bookiji:res-1:capture:1");
  }
}
