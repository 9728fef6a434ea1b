package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentCreateParams;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Webhook delivery lanes (--webhook-delivery-lanes)")
class WebhookDeliveryLanesTest {

  private static final int INTENTS = 6;

  @Test
  @DisplayName("with one lane an endpoint gets one delivery at a time, every intent's event in the order it happened")
  void oneLaneSerialisesDeliveries() throws Exception {
    try (WebhookReceiver endpoint = new WebhookReceiver();
        StripeSimulator sim = StripeSimulator.start(config(endpoint, 1))) {
      endpoint.holdEachUntilAnotherArrives(Duration.ofMillis(300));
      createIntents(sim);

      await().atMost(Duration.ofSeconds(30)).until(() -> reservationIds(endpoint).size() == INTENTS);
      assertThat(endpoint.mostAtOnce()).isEqualTo(1);
      assertThat(reservationIds(endpoint)).containsExactlyElementsOf(createdReservations());
    }
  }

  @Test
  @DisplayName("with several lanes an endpoint gets deliveries of different intents side by side")
  void severalLanesDeliverSideBySide() throws Exception {
    try (WebhookReceiver endpoint = new WebhookReceiver();
        StripeSimulator sim = StripeSimulator.start(config(endpoint, 8))) {
      endpoint.holdEachUntilAnotherArrives(Duration.ofSeconds(5));
      createIntents(sim);

      // Six intents over eight lanes: all in one lane has a chance of 1 in 32,768.
      await().atMost(Duration.ofSeconds(30)).until(() -> reservationIds(endpoint).size() == INTENTS);
      assertThat(endpoint.mostAtOnce()).isGreaterThan(1);
      assertThat(reservationIds(endpoint)).containsExactlyInAnyOrderElementsOf(createdReservations());
    }
  }

  @Test
  @DisplayName("the default is four lanes, and fewer than one is refused")
  void defaultAndBounds() {
    assertThat(StripeSimulatorConfig.defaults().webhookDeliveryLanes()).isEqualTo(4);
    assertThatThrownBy(() -> StripeSimulatorConfig.builder().webhookDeliveryLanes(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("webhookDeliveryLanes must be >= 1");
  }

  private static StripeSimulatorConfig config(WebhookReceiver endpoint, int lanes) {
    return StripeSimulatorConfig.builder()
        .webhookUrl(endpoint.url())
        .webhookDeliveryLanes(lanes)
        .webhookTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The reservation of each delivered event, in the order the endpoint answered them. */
  private static List<String> reservationIds(WebhookReceiver endpoint) {
    return endpoint.deliveries().stream()
        .map(d -> JsonParser.parseString(d.payload()).getAsJsonObject().getAsJsonObject("data")
            .getAsJsonObject("object").getAsJsonObject("metadata").get("reservation_id").getAsString())
        .toList();
  }

  private static List<String> createdReservations() {
    return IntStream.range(0, INTENTS).mapToObj(i -> "r-lane-" + i).toList();
  }

  /** One {@code payment_intent.created} event per intent, each intent its own ordering key. */
  private static void createIntents(StripeSimulator sim) throws StripeException {
    StripeClient stripe = StripeClient.builder()
        .setApiKey(sim.config().secretKey())
        .setApiBase(sim.baseUrl())
        .setMaxNetworkRetries(0)
        .build();
    for (String reservationId : createdReservations()) {
      stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
          .setAmount(1000L)
          .setCurrency("eur")
          .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
          .putMetadata("reservation_id", reservationId)
          .build());
    }
  }
}
