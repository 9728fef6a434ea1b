package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeCollection;
import com.stripe.param.ChargeListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Refunds and the latest charge")
class RefundsTest extends SimulatorTestSupport {

  private PaymentIntent captured(long amount, String reservationId) throws Exception {
    PaymentIntent pi = authorized(amount, reservationId);
    return stripe.v1().paymentIntents().capture(pi.getId());
  }

  @Test
  @DisplayName("partial refunds add up on the charge until it is fully refunded")
  void partialThenFull() throws Exception {
    PaymentIntent pi = captured(5000, "r-ref-1");
    Refund first = stripe.v1().refunds().create(
        RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(2000L)
            .putMetadata("refund_sequence", "1").build());
    assertThat(first.getId()).startsWith("re_");
    assertThat(first.getObject()).isEqualTo("refund");
    assertThat(first.getAmount()).isEqualTo(2000);
    assertThat(first.getStatus()).isEqualTo("succeeded");
    assertThat(first.getPaymentIntent()).isEqualTo(pi.getId());
    assertThat(first.getCharge()).isEqualTo(pi.getLatestCharge());
    assertThat(first.getMetadata()).containsEntry("refund_sequence", "1");

    Charge partly = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertThat(partly.getAmountRefunded()).isEqualTo(2000);
    assertThat(partly.getRefunded()).isFalse();

    Refund rest = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());
    assertThat(rest.getAmount()).isEqualTo(3000);
    Charge full = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertThat(full.getAmountRefunded()).isEqualTo(5000);
    assertThat(full.getRefunded()).isTrue();

    assertThatThrownBy(() -> stripe.v1().refunds().create(
            RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(1L).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("charge_already_refunded"));
  }

  @Test
  @DisplayName("refunding more than remains is amount_too_large and changes nothing")
  void overRefund() throws Exception {
    PaymentIntent pi = captured(3000, "r-ref-2");
    assertThatThrownBy(() -> stripe.v1().refunds().create(
            RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(3001L).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getCode()).isEqualTo("amount_too_large");
          assertThat(e.getParam()).isEqualTo("amount");
        });
    assertThat(stripe.v1().charges().retrieve(pi.getLatestCharge()).getAmountRefunded()).isZero();
    assertThat(stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(pi.getId()).build()).getData())
        .isEmpty();
  }

  @Test
  @DisplayName("an uncaptured authorization cannot be refunded (cancel it instead)")
  void refundBeforeCapture() throws Exception {
    PaymentIntent pi = authorized(3000, "r-ref-3");
    assertThatThrownBy(() -> stripe.v1().refunds().create(
            RefundCreateParams.builder().setPaymentIntent(pi.getId()).build()))
        .isInstanceOf(InvalidRequestException.class);
    PaymentIntent canceled = stripe.v1().paymentIntents().cancel(pi.getId());
    assertThat(canceled.getStatus()).isEqualTo("canceled");
    Charge voided = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertThat(voided.getCaptured()).isFalse();
    assertThat(voided.getRefunded()).isTrue();
  }

  @Test
  @DisplayName("refunds can be retrieved and listed by payment intent, charge or all")
  void retrieveAndList() throws Exception {
    PaymentIntent a = captured(2000, "r-ref-4");
    PaymentIntent b = captured(2000, "r-ref-5");
    Refund ra = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(a.getId()).setAmount(500L).build());
    Refund rb = stripe.v1().refunds().create(RefundCreateParams.builder().setCharge(b.getLatestCharge()).build());
    assertThat(stripe.v1().refunds().retrieve(ra.getId()).getAmount()).isEqualTo(500);
    StripeCollection<Refund> forA = stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(a.getId()).build());
    assertThat(forA.getData()).extracting(Refund::getId).containsExactly(ra.getId());
    StripeCollection<Refund> forChargeB =
        stripe.v1().refunds().list(RefundListParams.builder().setCharge(b.getLatestCharge()).build());
    assertThat(forChargeB.getData()).extracting(Refund::getId).containsExactly(rb.getId());
    assertThat(stripe.v1().refunds().list(RefundListParams.builder().build()).getData())
        .extracting(Refund::getId).containsExactly(rb.getId(), ra.getId());
    assertThat(stripe.v1().charges().list(ChargeListParams.builder().setPaymentIntent(a.getId()).build()).getData())
        .extracting(Charge::getId).containsExactly(a.getLatestCharge());
  }

  @Test
  @DisplayName("an unknown refund or payment intent is resource_missing")
  void unknown() {
    assertThatThrownBy(() -> stripe.v1().refunds().retrieve("re_nope"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(404);
          assertThat(e.getCode()).isEqualTo("resource_missing");
        });
    assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent("pi_nope").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getCode()).isEqualTo("resource_missing"));
  }
}
