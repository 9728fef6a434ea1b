package com.bookiji.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.payment.application.FakeStripe.Operation;
import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.PaymentStatus;
import com.bookiji.platform.messaging.MessageContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** AuthorizePayment against an in-memory store and a fake Stripe: no Spring, no database. */
class AuthorizationServiceTest {

  final PaymentUseCases payments = new PaymentUseCases();

  @Test
  @DisplayName("an authorization creates one intent and publishes its client secret; the same command again publishes nothing and creates nothing")
  void authorizationCreatesOneIntent() {
    payments.authorizePayment("res-1", 5000);
    payments.authorizePayment("res-1", 5000);

    String intentId = payments.store.payment("res-1").paymentIntentId();
    assertThat(payments.newFacts()).containsExactly(new PaymentEvent.AuthorizationStarted("res-1",
        intentId, intentId + "_secret", 5000, "eur"));
    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    assertThat(payments.stripe.callsOf(Operation.CREATE)).isOne();
  }

  @Test
  @DisplayName("an amount of 0 is answered at once with PaymentAuthorizationFailed: no payment, no intent")
  void nothingToAuthorize() {
    payments.authorizePayment("res-1", 0);

    assertThat(payments.newFacts()).singleElement()
        .isInstanceOfSatisfying(PaymentEvent.AuthorizationFailed.class,
            failed -> assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST));
    assertThat(payments.store.payments).isEmpty();
    assertThat(payments.stripe.calls).isEmpty();
  }

  @Test
  @DisplayName("a create whose response was lost is resolved by finding the intent Stripe made, never by a second one")
  void lostCreateIsFoundNotRepeated() {
    payments.stripe.loseNextResponse(Operation.CREATE);

    payments.authorizePayment("res-1", 5000);

    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    assertThat(payments.newFacts()).singleElement().isInstanceOf(PaymentEvent.AuthorizationStarted.class);
    assertThat(payments.stripe.callsOf(Operation.CREATE)).isOne();
  }

  @Test
  @DisplayName("a create Stripe never received is parked once, and resuming it creates the intent with the same key")
  void unreceivedCreateIsParkedThenResumed() {
    payments.stripe.neverReceiveNext(Operation.CREATE);

    payments.authorizePayment("res-1", 5000);

    assertThat(payments.store.payment("res-1").pendingOperation()).isEqualTo(PaymentOperation.AUTHORIZE);
    assertThat(payments.newFacts()).singleElement().isInstanceOf(PaymentEvent.OperationParked.class);

    payments.authorization.resume(payments.store.payment("res-1"), MessageContext.root("res-1"));

    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    assertThat(payments.newFacts()).singleElement().isInstanceOf(PaymentEvent.AuthorizationStarted.class);
    assertThat(payments.stripe.calls).extracting(FakeStripe.Call::idempotencyKey)
        .containsExactly("bookiji:res-1:authorize:1");
  }

  @Test
  @DisplayName("a create Stripe refuses fails the authorization with Stripe's reason")
  void refusedCreateFails() {
    payments.stripe.refuseNext(Operation.CREATE, "parameter_invalid_integer");

    payments.authorizePayment("res-1", 5000);

    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.AUTHORIZATION_FAILED);
    assertThat(payments.newFacts()).singleElement()
        .isInstanceOf(PaymentEvent.AuthorizationFailed.class);
  }
}
