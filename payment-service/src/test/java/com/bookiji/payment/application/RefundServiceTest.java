package com.bookiji.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.payment.application.FakeStripe.Operation;
import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RefundPayment against an in-memory store and a fake Stripe: no Spring, no database. */
class RefundServiceTest {

  final PaymentUseCases payments = new PaymentUseCases();

  @Test
  @DisplayName("a partial refund and then the rest return everything, each refund with its own number in the key")
  void partialThenRest() {
    payments.captured("res-1", 5000);
    payments.newFacts();

    payments.refundPayment("res-1", 2000L);
    payments.refundPayment("res-1", null);

    assertThat(payments.newFacts()).extracting(f -> (PaymentEvent.Refunded) f)
        .extracting(PaymentEvent.Refunded::amountMinor, PaymentEvent.Refunded::capturedRemainingMinor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2000L, 3000L),
            org.assertj.core.groups.Tuple.tuple(3000L, 0L));
    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(payments.stripe.calls).filteredOn(c -> c.operation() == Operation.REFUND)
        .extracting(FakeStripe.Call::idempotencyKey)
        .containsExactly("bookiji:res-1:refund:1:1", "bookiji:res-1:refund:1:2");
  }

  @Test
  @DisplayName("a refund of more than stays captured is refused as an invalid request, and nothing is sent to Stripe")
  void refundAboveWhatIsCaptured() {
    payments.captured("res-1", 5000);
    payments.newFacts();

    payments.refundPayment("res-1", 5001L);

    assertThat(payments.newFacts()).singleElement()
        .isInstanceOfSatisfying(PaymentEvent.RefundFailed.class,
            failed -> assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST));
    assertThat(payments.stripe.callsOf(Operation.REFUND)).isZero();
  }

  @Test
  @DisplayName("a refund repeated after the full refund says the same PaymentRefunded again, with no second refund")
  void repeatedRefundIsAnswered() {
    payments.captured("res-1", 5000);
    payments.refundPayment("res-1", null);
    var history = payments.newFacts();
    PaymentEvent refunded = history.get(history.size() - 1);

    payments.refundPayment("res-1", null);

    assertThat(payments.newFacts()).containsExactly(refunded);
    assertThat(payments.stripe.callsOf(Operation.REFUND)).isOne();
  }

  @Test
  @DisplayName("a refund of nothing captured fails, naming why")
  void nothingCaptured() {
    payments.authorized("res-1", 5000);
    payments.newFacts();

    payments.refundPayment("res-1", null);

    assertThat(payments.newFacts()).singleElement()
        .isInstanceOfSatisfying(PaymentEvent.RefundFailed.class,
            failed -> assertThat(failed.detail()).isEqualTo("nothing captured to refund"));
  }

  @Test
  @DisplayName("a refund refused because the Dashboard already refunded everything is done: that refund is recorded, no failure")
  void refundSettledByTheDashboard() {
    Payment captured = payments.captured("res-1", 5000);
    payments.stripe.refundedAtDashboard(captured.paymentIntentId(), 5000);
    payments.newFacts();

    payments.refundPayment("res-1", null);

    assertThat(payments.newFacts()).singleElement()
        .isInstanceOfSatisfying(PaymentEvent.Refunded.class, r -> {
          assertThat(r.refundId()).startsWith("re_dash_");
          assertThat(r.capturedRemainingMinor()).isZero();
        });
    assertThat(payments.store.payment("res-1").status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(payments.store.refunds).singleElement()
        .extracting(InMemoryPaymentStore.RefundRow::source).isEqualTo("OUTSIDE");
  }

  @Test
  @DisplayName("a refund whose response was lost is found at Stripe by its number and recorded once")
  void lostRefundResponseIsFound() {
    payments.captured("res-1", 5000);
    payments.newFacts();
    payments.stripe.loseNextResponse(Operation.REFUND);

    payments.refundPayment("res-1", null);

    assertThat(payments.newFacts()).singleElement().isInstanceOf(PaymentEvent.Refunded.class);
    assertThat(payments.store.refunds).singleElement()
        .extracting(InMemoryPaymentStore.RefundRow::sequence).isEqualTo(1);
    assertThat(payments.stripe.callsOf(Operation.REFUND)).isOne();
  }
}
