package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static com.bookiji.payment.it.PaymentCommands.refund;
import static com.bookiji.payment.it.ServiceUnderTest.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
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
class DisputesIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  private static final StripeClient DASHBOARD = stripe.withSecretKey();

  @Test
  @DisplayName("a dispute of the captured charge publishes PaymentDisputed(needs_response), once"
      + " although two dispute webhooks arrive; accepting it publishes PaymentDisputed(lost)")
  void disputeOpenedThenLost() throws Exception {
    String reservation = newReservation("dispute");
    PaymentAuthorizationStarted started = sut.captured(reservation, 3000, "pm_card_createDispute");

    PaymentDisputed opened = sut.awaitEvent(reservation, PaymentDisputed.class);
    assertThat(opened.getStatus()).isEqualTo("needs_response");
    assertThat(opened.getAmountMinor()).isEqualTo(3000);
    assertThat(opened.getPaymentIntentId()).isEqualTo(started.getPaymentIntentId());
    assertThat(opened.getReason()).isEqualTo("fraudulent");
    // charge.dispute.created and .funds_withdrawn both arrive; the status is published once.
    await().atMost(DEADLINE)
        .until(() -> disputeWebhooksAbout(started.getPaymentIntentId()) >= 2);

    Dispute dispute = DASHBOARD.v1().disputes().list(DisputeListParams.builder()
        .setPaymentIntent(started.getPaymentIntentId()).build()).getData().get(0);
    DASHBOARD.v1().disputes().close(dispute.getId());

    List<PaymentDisputed> disputed = sut.awaitExactly(reservation, PaymentDisputed.class, 2);
    assertThat(disputed).extracting(PaymentDisputed::getStatus)
        .containsExactly("needs_response", "lost");
    assertThat(disputed.get(1).getDisputeId()).isEqualTo(dispute.getId());
  }

  @Test
  @DisplayName("the saga's refund of a disputed charge is refused and the dispute is published")
  void refundOfDisputedCharge() throws Exception {
    String reservation = newReservation("dispute-refund");
    sut.captured(reservation, 2500, "pm_card_createDispute");

    sut.send(reservation, refund(reservation, null));

    PaymentRefundFailed failed = sut.awaitEvent(reservation, PaymentRefundFailed.class);
    assertThat(failed.getDetail()).contains("charge_disputed");
    assertThat(sut.awaitEvent(reservation, PaymentDisputed.class).getStatus())
        .isEqualTo("needs_response");
    assertThat(sut.events(reservation, PaymentRefunded.class)).isEmpty();
  }

  private int disputeWebhooksAbout(String paymentIntentId) {
    return sut.count("select count(*) from inbox_external where consumer = 'stripe-webhooks'"
        + " and subject = ? and message_type like 'charge.dispute.%'", paymentIntentId);
  }
}
