package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
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
class OutsideRefundsIT extends PaymentITSupport {

  private static final StripeClient DASHBOARD = StripeClient.builder()
      .setApiKey("sk_test_bookiji").setApiBase(SIMULATOR.baseUrl()).build();

  @AfterEach
  void clearWebhookFaults() {
    SIM.clearWebhookFaults();
  }

  @Test
  @DisplayName("a full refund from the Dashboard publishes PaymentRefunded (nothing left captured);"
      + " the saga's refund after it is answered with that fact, no second refund")
  void fullRefundOutsideSeenByWebhook() throws Exception {
    String reservation = newReservation("dash-full");
    String intent = captured(reservation, 5000);

    Refund dashboard = DASHBOARD.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(intent).build());

    PaymentRefunded seen = awaitEvent(reservation, PaymentRefunded.class);
    assertThat(seen.getRefundId()).isEqualTo(dashboard.getId());
    assertThat(seen.getAmountMinor()).isEqualTo(5000);
    assertThat(seen.getCapturedRemainingMinor()).isZero();
    assertThat(status(reservation)).isEqualTo("REFUNDED");

    send(reservation, refund(reservation, null)); // the requester cancels: the saga refunds
    List<PaymentRefunded> refunded = await().atMost(DEADLINE)
        .until(() -> events(reservation, PaymentRefunded.class), l -> l.size() == 2);
    assertThat(refunded.get(1).getRefundId()).isEqualTo(dashboard.getId());
    assertThat(refundsAtStripe(intent)).hasSize(1);
  }

  @Test
  @DisplayName("the Dashboard refund's webhooks are lost: the saga's refund, refused as 'already"
      + " refunded', records the Dashboard refund and completes")
  void fullRefundOutsideWebhookLost() throws Exception {
    String reservation = newReservation("dash-lost");
    String intent = captured(reservation, 4000);
    SIM.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, "charge.*")
        .whenMetadata("reservation_id", reservation));
    // A Dashboard refund carries no metadata of ours: its refund.* events are dropped unscoped.
    SIM.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, "refund.*"));

    Refund dashboard = DASHBOARD.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(intent).build());
    send(reservation, refund(reservation, null));

    PaymentRefunded refunded = awaitEvent(reservation, PaymentRefunded.class);
    assertThat(refunded.getRefundId()).isEqualTo(dashboard.getId());
    assertThat(refunded.getCapturedRemainingMinor()).isZero();
    await().atMost(DEADLINE).until(() -> "REFUNDED".equals(status(reservation)));
    assertThat(events(reservation, PaymentRefundFailed.class)).isEmpty();
    assertThat(refundsAtStripe(intent)).hasSize(1);
    String sagaRefundKey = "bookiji:" + reservation + ":refund:1:1";
    List<Integer> sagaRefundAnswers = new ArrayList<>();
    SIM.requests("POST", "/v1/refunds").forEach(e -> {
      var r = e.getAsJsonObject();
      if (r.has("idempotency_key") && r.get("idempotency_key").isJsonPrimitive()
          && sagaRefundKey.equals(r.get("idempotency_key").getAsString())) {
        sagaRefundAnswers.add(r.get("status").getAsInt());
      }
    });
    assertThat(sagaRefundAnswers).as("the saga's refund, refused by Stripe").containsExactly(400);
  }

  @Test
  @DisplayName("every webhook of a Dashboard refund is lost: the sweep finds it in Stripe's events")
  void fullRefundOutsideFoundByTheSweep() throws Exception {
    String reservation = newReservation("dash-sweep");
    String intent = captured(reservation, 3500);
    SIM.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, "charge.*")
        .whenMetadata("reservation_id", reservation));
    SIM.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, "refund.*"));

    Refund dashboard = DASHBOARD.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(intent).build());
    assertThat(status(reservation)).isEqualTo("CAPTURED");

    sweeper.sweep();

    PaymentRefunded refunded = awaitEvent(reservation, PaymentRefunded.class);
    assertThat(refunded.getRefundId()).isEqualTo(dashboard.getId());
    assertThat(refunded.getCapturedRemainingMinor()).isZero();
    assertThat(status(reservation)).isEqualTo("REFUNDED");
  }

  @Test
  @DisplayName("a partial refund from the Dashboard leaves the rest captured; the saga's refund"
      + " returns exactly the rest")
  void partialRefundOutsideThenSagaRefundsTheRest() throws Exception {
    String reservation = newReservation("dash-part");
    String intent = captured(reservation, 5000);

    DASHBOARD.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intent)
        .setAmount(2000L).build());
    PaymentRefunded partial = awaitEvent(reservation, PaymentRefunded.class);
    assertThat(partial.getAmountMinor()).isEqualTo(2000);
    assertThat(partial.getCapturedRemainingMinor()).isEqualTo(3000);
    assertThat(status(reservation)).isEqualTo("PARTIALLY_REFUNDED");

    send(reservation, refund(reservation, null));
    List<PaymentRefunded> refunded = await().atMost(DEADLINE)
        .until(() -> events(reservation, PaymentRefunded.class), l -> l.size() == 2);
    assertThat(refunded.get(1).getAmountMinor()).isEqualTo(3000);
    assertThat(refunded.get(1).getCapturedRemainingMinor()).isZero();
    assertThat(refundsAtStripe(intent)).extracting(Refund::getAmount)
        .containsExactlyInAnyOrder(2000L, 3000L);
    await().atMost(DEADLINE).until(() -> "REFUNDED".equals(status(reservation)));
  }

  private String captured(String reservation, long amount) {
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, amount);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, amount));
    awaitEvent(reservation, PaymentCaptured.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> "CAPTURED".equals(status(reservation)));
    return started.getPaymentIntentId();
  }

  private static List<Refund> refundsAtStripe(String intent) throws Exception {
    List<Refund> out = new ArrayList<>();
    DASHBOARD.v1().refunds().list(RefundListParams.builder().setPaymentIntent(intent).build())
        .autoPagingIterable().forEach(out::add);
    return out;
  }
}
