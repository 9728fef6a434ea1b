package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static com.bookiji.payment.it.PaymentCommands.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentRefundFailed;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.stripesim.WebhookFaultKind;
import com.bookiji.stripesim.WebhookFaultRule;
import com.stripe.StripeClient;
import com.stripe.model.Refund;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Refunds made at Stripe outside the saga — from the Dashboard, or the API by someone else — are
 * seen, and the saga's own refund afterwards completes without a second refund.
 */
class OutsideRefundsIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  private static final StripeClient DASHBOARD = stripe.withSecretKey();

  @AfterEach
  void clearWebhookFaults() {
    stripe.control.clearWebhookFaults();
  }

  @Test
  @DisplayName("a full refund from the Dashboard publishes PaymentRefunded (nothing left captured);"
      + " the saga's refund after it is answered with that fact, no second refund")
  void fullRefundOutsideSeenByWebhook() throws Exception {
    String reservation = newReservation("dash-full");
    String intent = captured(reservation, 5000);

    Refund dashboard = refundAllFromDashboard(intent);

    PaymentRefunded seen = sut.awaitEvent(reservation, PaymentRefunded.class);
    assertThat(seen.getRefundId()).isEqualTo(dashboard.getId());
    assertThat(seen.getAmountMinor()).isEqualTo(5000);
    assertThat(seen.getCapturedRemainingMinor()).isZero();
    assertThat(sut.status(reservation)).isEqualTo("REFUNDED");

    sut.send(reservation, refund(reservation, null)); // the requester cancels: the saga refunds
    List<PaymentRefunded> refunded = sut.awaitExactly(reservation, PaymentRefunded.class, 2);
    assertThat(refunded.get(1).getRefundId()).isEqualTo(dashboard.getId());
    assertThat(refundsAtStripe(intent)).hasSize(1);
  }

  @Test
  @DisplayName("the Dashboard refund's webhooks are lost: the saga's refund, refused as 'already"
      + " refunded', records the Dashboard refund and completes")
  void fullRefundOutsideWebhookLost() throws Exception {
    String reservation = newReservation("dash-lost");
    String intent = captured(reservation, 4000);
    loseRefundWebhooks(reservation);

    Refund dashboard = refundAllFromDashboard(intent);
    sut.send(reservation, refund(reservation, null));

    PaymentRefunded refunded = sut.awaitEvent(reservation, PaymentRefunded.class);
    assertThat(refunded.getRefundId()).isEqualTo(dashboard.getId());
    assertThat(refunded.getCapturedRemainingMinor()).isZero();
    sut.awaitStatus(reservation, "REFUNDED");
    assertThat(sut.events(reservation, PaymentRefundFailed.class)).isEmpty();
    assertThat(refundsAtStripe(intent)).hasSize(1);
    assertThat(stripe.refundAnswers("bookiji:" + reservation + ":refund:1:1"))
        .as("the saga's refund, refused by Stripe").containsExactly(400);
  }

  @Test
  @DisplayName("every webhook of a Dashboard refund is lost: the sweep finds it in Stripe's events")
  void fullRefundOutsideFoundByTheSweep() throws Exception {
    String reservation = newReservation("dash-sweep");
    String intent = captured(reservation, 3500);
    loseRefundWebhooks(reservation);

    Refund dashboard = refundAllFromDashboard(intent);
    assertThat(sut.status(reservation)).isEqualTo("CAPTURED");

    sut.sweep();

    PaymentRefunded refunded = sut.awaitEvent(reservation, PaymentRefunded.class);
    assertThat(refunded.getRefundId()).isEqualTo(dashboard.getId());
    assertThat(refunded.getCapturedRemainingMinor()).isZero();
    assertThat(sut.status(reservation)).isEqualTo("REFUNDED");
  }

  @Test
  @DisplayName("a partial refund from the Dashboard leaves the rest captured; the saga's refund"
      + " returns exactly the rest")
  void partialRefundOutsideThenSagaRefundsTheRest() throws Exception {
    String reservation = newReservation("dash-part");
    String intent = captured(reservation, 5000);

    DASHBOARD.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent)
        .setAmount(2000L).build());
    PaymentRefunded partial = sut.awaitEvent(reservation, PaymentRefunded.class);
    assertThat(partial.getAmountMinor()).isEqualTo(2000);
    assertThat(partial.getCapturedRemainingMinor()).isEqualTo(3000);
    assertThat(sut.status(reservation)).isEqualTo("PARTIALLY_REFUNDED");

    sut.send(reservation, refund(reservation, null));
    List<PaymentRefunded> refunded = sut.awaitExactly(reservation, PaymentRefunded.class, 2);
    assertThat(refunded.get(1).getAmountMinor()).isEqualTo(3000);
    assertThat(refunded.get(1).getCapturedRemainingMinor()).isZero();
    assertThat(refundsAtStripe(intent)).extracting(Refund::getAmount)
        .containsExactlyInAnyOrder(2000L, 3000L);
    sut.awaitStatus(reservation, "REFUNDED");
  }

  /** Captured in full; returns the payment intent. */
  private static String captured(String reservation, long amount) {
    String intent = sut.captured(reservation, amount).getPaymentIntentId();
    await().atMost(Duration.ofSeconds(10)).until(() -> "CAPTURED".equals(sut.status(reservation)));
    return intent;
  }

  private static Refund refundAllFromDashboard(String intent) throws Exception {
    return DASHBOARD.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(intent).build());
  }

  /** Stripe sends no webhook about this reservation's charge nor about any refund. */
  private static void loseRefundWebhooks(String reservation) {
    stripe.control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, "charge.*")
        .whenMetadata("reservation_id", reservation));
    // A Dashboard refund carries no metadata of ours: its refund.* events are dropped unscoped.
    stripe.control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, "refund.*"));
  }

  private static List<Refund> refundsAtStripe(String intent) throws Exception {
    List<Refund> out = new ArrayList<>();
    DASHBOARD.v1().refunds().list(RefundListParams.builder().setPaymentIntent(intent).build())
        .autoPagingIterable().forEach(out::add);
    return out;
  }
}
