package com.bookiji.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.payment.application.PaymentUseCases.ObservedCall;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.PaymentStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the use cases share through PaymentTransitions, seen from the ProviderCallObserver. */
class PaymentTransitionsTest {

  final PaymentUseCases payments = new PaymentUseCases();

  @Test
  @DisplayName("each operation's Stripe call is reported once, after Stripe has it and before its answer is stored")
  void observerSeesEveryOperationInTheCrashWindow() {
    payments.authorized("res-1", 5000);
    payments.capturePayment("res-1", 5000);
    payments.refundPayment("res-1", null);
    payments.authorized("res-2", 3000);
    payments.voidPayment("res-2");

    assertThat(payments.observedCalls).containsExactly(
        new ObservedCall(PaymentOperation.AUTHORIZE, "res-1", 1, PaymentStatus.AUTHORIZATION_PENDING),
        new ObservedCall(PaymentOperation.CAPTURE, "res-1", 2, PaymentStatus.CAPTURE_PENDING),
        new ObservedCall(PaymentOperation.REFUND, "res-1", 3, PaymentStatus.REFUND_PENDING),
        new ObservedCall(PaymentOperation.AUTHORIZE, "res-2", 4, PaymentStatus.AUTHORIZATION_PENDING),
        new ObservedCall(PaymentOperation.VOID, "res-2", 5, PaymentStatus.VOID_PENDING));
  }

  @Test
  @DisplayName("a command answered without Stripe (a repeated capture) reports no call")
  void noCallNoReport() {
    payments.captured("res-1", 5000);
    payments.observedCalls.clear();

    payments.capturePayment("res-1", 5000);

    assertThat(payments.observedCalls).isEmpty();
  }
}
