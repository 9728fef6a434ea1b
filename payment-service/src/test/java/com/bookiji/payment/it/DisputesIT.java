package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentDisputed;
import com.bookiji.schemas.payment.PaymentRefundFailed;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.stripe.StripeClient;
import com.stripe.model.Dispute;
import com.stripe.param.DisputeListParams;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A dispute (chargeback) opened at Stripe is seen and published once per status. */
class DisputesIT extends PaymentITSupport {

  private static final StripeClient DASHBOARD = StripeClient.builder()
      .setApiKey("sk_test_bookiji").setApiBase(SIMULATOR.baseUrl()).build();

  @Test
  @DisplayName("a dispute of the captured charge publishes PaymentDisputed(needs_response), once"
      + " although two dispute webhooks arrive; accepting it publishes PaymentDisputed(lost)")
  void disputeOpenedThenLost() throws Exception {
    String reservation = newReservation("dispute");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 3000);
    customerConfirms(started, "pm_card_createDispute");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 3000));
    awaitEvent(reservation, PaymentCaptured.class);

    PaymentDisputed opened = awaitEvent(reservation, PaymentDisputed.class);
    assertThat(opened.getStatus()).isEqualTo("needs_response");
    assertThat(opened.getAmountMinor()).isEqualTo(3000);
    assertThat(opened.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(opened.getReason()).isEqualTo("fraudulent");
    // charge.dispute.created and .funds_withdrawn both arrive; the status is published once.
    await().atMost(DEADLINE).until(() -> webhookEventsFor(started.getPaymentIntentId()) >= 2);

    Dispute dispute = DASHBOARD.v1().disputes().list(DisputeListParams.builder()
        .setPaymentIntent(started.getPaymentIntentId()).build()).getData().get(0);
    DASHBOARD.v1().disputes().close(dispute.getId());

    List<PaymentDisputed> disputed = await().atMost(DEADLINE)
        .until(() -> events(reservation, PaymentDisputed.class), l -> l.size() == 2);
    assertThat(disputed).extracting(PaymentDisputed::getStatus)
        .containsExactly("needs_response", "lost");
    assertThat(disputed.get(1).getDisputeId()).isEqualTo(dispute.getId());
  }

  @Test
  @DisplayName("the saga's refund of a disputed charge is refused and the dispute is published")
  void refundOfDisputedCharge() throws Exception {
    String reservation = newReservation("dispute-refund");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 2500);
    customerConfirms(started, "pm_card_createDispute");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 2500));
    awaitEvent(reservation, PaymentCaptured.class);

    send(reservation, refund(reservation, null));

    PaymentRefundFailed failed = awaitEvent(reservation, PaymentRefundFailed.class);
    assertThat(failed.getDetail()).contains("charge_disputed");
    assertThat(awaitEvent(reservation, PaymentDisputed.class).getStatus())
        .isEqualTo("needs_response");
    assertThat(events(reservation, PaymentRefunded.class)).isEmpty();
  }

  private int webhookEventsFor(String paymentIntentId) {
    return jdbc.queryForObject("select count(*) from inbox_external where consumer = 'stripe-webhooks'"
        + " and subject = ? and message_type like 'charge.dispute.%'", Integer.class, paymentIntentId);
  }
}
