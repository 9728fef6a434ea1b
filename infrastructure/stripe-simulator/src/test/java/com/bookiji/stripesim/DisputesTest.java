package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import com.stripe.param.DisputeListParams;
import com.stripe.param.DisputeUpdateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Disputes as Stripe's test card {@code pm_card_createDispute} makes them, through stripe-java. */
@DisplayName("Disputes")
class DisputesTest extends SimulatorTestSupport {

  private static final String SECRET = "whsec_disputes";
  private WebhookReceiver receiver;
  private String endpointId;

  @BeforeAll
  void receiver() {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  void closeReceiver() {
    receiver.close();
  }

  @BeforeEach
  void endpoint() {
    receiver.clear();
    if (endpointId == null) {
      endpointId = control.addWebhookEndpoint(receiver.url(), SECRET);
    }
  }

  private PaymentIntent capturedWithDisputeCard(String reservationId) throws Exception {
    PaymentIntent pi = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(3000L).setCurrency("eur")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_createDispute").setConfirm(true)
        .putMetadata("reservation_id", reservationId).build());
    return stripe.v1().paymentIntents().capture(pi.getId());
  }

  private List<Event> events() throws Exception {
    List<Event> out = new ArrayList<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries()) {
      out.add(Webhook.constructEvent(d.payload(), d.signature(), SECRET));
    }
    return out;
  }

  @Test
  @DisplayName("capturing a pm_card_createDispute charge opens a dispute: charge.dispute.created and"
      + " charge.dispute.funds_withdrawn carry the Dispute; the charge is disputed and cannot be refunded")
  void disputeOpened() throws Exception {
    PaymentIntent pi = capturedWithDisputeCard("r-dispute");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 5);
    List<Event> events = events();
    assertThat(events).extracting(Event::getType).endsWith(
        "payment_intent.succeeded", "charge.dispute.created", "charge.dispute.funds_withdrawn");
    Dispute dispute = (Dispute) events.get(3).getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(dispute.getId()).startsWith("dp_");
    assertThat(dispute.getStatus()).isEqualTo("needs_response");
    assertThat(dispute.getAmount()).isEqualTo(3000);
    assertThat(dispute.getPaymentIntent()).isEqualTo(pi.getId());
    assertThat(dispute.getCharge()).isEqualTo(pi.getLatestCharge());

    Charge charge = stripe.v1().charges().retrieve(pi.getLatestCharge());
    assertThat(charge.getDisputed()).isTrue();
    assertThat(stripe.v1().disputes().retrieve(dispute.getId()).getReason()).isEqualTo("fraudulent");
    assertThat(stripe.v1().disputes().list(DisputeListParams.builder()
        .setPaymentIntent(pi.getId()).build()).getData()).extracting(Dispute::getId)
        .containsExactly(dispute.getId());
    assertThatThrownBy(() -> stripe.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(pi.getId()).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("charge_disputed"));
  }

  @Test
  @DisplayName("closing (accepting) a dispute loses it: charge.dispute.closed with status lost")
  void disputeLost() throws Exception {
    PaymentIntent pi = capturedWithDisputeCard("r-dispute-lost");
    Dispute dispute = stripe.v1().disputes().list(DisputeListParams.builder()
        .setPaymentIntent(pi.getId()).build()).getData().get(0);

    Dispute closed = stripe.v1().disputes().close(dispute.getId());

    assertThat(closed.getStatus()).isEqualTo("lost");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 6);
    Event last = events().get(5);
    assertThat(last.getType()).isEqualTo("charge.dispute.closed");
    assertThat(((Dispute) last.getDataObjectDeserializer().getObject().orElseThrow()).getStatus())
        .isEqualTo("lost");
    assertThatThrownBy(() -> stripe.v1().disputes().close(dispute.getId()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @DisplayName("winning evidence wins the dispute: funds reinstated and the charge refundable again")
  void disputeWon() throws Exception {
    PaymentIntent pi = capturedWithDisputeCard("r-dispute-won");
    Dispute dispute = stripe.v1().disputes().list(DisputeListParams.builder()
        .setPaymentIntent(pi.getId()).build()).getData().get(0);

    Dispute updated = stripe.v1().disputes().update(dispute.getId(), DisputeUpdateParams.builder()
        .setEvidence(DisputeUpdateParams.Evidence.builder()
            .setUncategorizedText("winning_evidence").build()).build());

    assertThat(updated.getStatus()).isEqualTo("won");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 8);
    assertThat(events()).extracting(Event::getType).endsWith(
        "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_reinstated");
    assertThat(stripe.v1().refunds().create(RefundCreateParams.builder()
        .setPaymentIntent(pi.getId()).build()).getStatus()).isEqualTo("succeeded");
  }
}
