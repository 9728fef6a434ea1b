package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import static org.awaitility.Awaitility.await;

import com.stripe.net.Webhook;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Persistence across a simulator restart")
class PersistenceTest {

  @TempDir Path dir;

  private static StripeClient client(StripeSimulator sim) {
    return StripeClient.builder().setApiKey("sk_test_bookiji").setApiBase(sim.baseUrl()).setMaxNetworkRetries(0).build();
  }

  @Test
  @DisplayName("with a data file, intents, charges, refunds, events and idempotent results survive a restart")
  void survivesRestart() throws Exception {
    StripeSimulatorConfig config = StripeSimulatorConfig.builder().dataFile(dir.resolve("sim.journal")).build();
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
        .setAmount(4200L).setCurrency("eur").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .setPaymentMethod("pm_card_visa").setConfirm(true).putMetadata("reservation_id", "r-persist").build();
    RequestOptions key = RequestOptions.builder().setIdempotencyKey("persist-create").build();
    String id;
    String refundId;
    try (StripeSimulator sim = StripeSimulator.start(config)) {
      StripeClient stripe = client(sim);
      id = stripe.v1().paymentIntents().create(params, key).getId();
      stripe.v1().paymentIntents().capture(id);
      refundId = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(id).setAmount(200L).build()).getId();
    }
    try (StripeSimulator sim = StripeSimulator.start(config)) {
      StripeClient stripe = client(sim);
      PaymentIntent pi = stripe.v1().paymentIntents().retrieve(id);
      assertThat(pi.getStatus()).isEqualTo("succeeded");
      assertThat(pi.getMetadata()).containsEntry("reservation_id", "r-persist");
      assertThat(stripe.v1().charges().retrieve(pi.getLatestCharge()).getAmountRefunded()).isEqualTo(200);
      assertThat(stripe.v1().refunds().retrieve(refundId).getAmount()).isEqualTo(200);
      assertThat(stripe.v1().events().list(EventListParams.builder().build()).getData()).hasSize(5);
      PaymentIntent replay = stripe.v1().paymentIntents().create(params, key);
      assertThat(replay.getId()).isEqualTo(id);
      assertThat(replay.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
      // New objects keep sorting after the old ones.
      PaymentIntent newer = stripe.v1().paymentIntents().create(
          PaymentIntentCreateParams.builder().setAmount(100L).setCurrency("eur").build());
      assertThat(stripe.v1().paymentIntents().list(com.stripe.param.PaymentIntentListParams.builder().build())
              .getData().get(0).getId())
          .isEqualTo(newer.getId());
    }
  }

  @Test
  @DisplayName("an event the endpoint had not acknowledged is delivered after the restart")
  void undeliveredWebhooksResume() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      StripeSimulatorConfig config = StripeSimulatorConfig.builder()
          .dataFile(dir.resolve("webhooks.journal"))
          .webhookUrl(receiver.url())
          .webhookRetryInitialDelay(Duration.ofMinutes(10))
          .build();
      receiver.failNext(1);
      try (StripeSimulator sim = StripeSimulator.start(config)) {
        client(sim).v1().paymentIntents().create(
            PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("eur").putMetadata("reservation_id", "r-resume").build());
        // The first attempt fails; the retry is 10 minutes away when the simulator stops.
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.control().webhookDeliveries().size() == 1);
      }
      assertThat(receiver.deliveries()).isEmpty();
      try (StripeSimulator sim = StripeSimulator.start(config)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 1);
        WebhookReceiver.Delivery d = receiver.deliveries().get(0);
        assertThat(Webhook.constructEvent(d.payload(), d.signature(), "whsec_bookiji").getType())
            .isEqualTo("payment_intent.created");
      }
    }
  }
}
