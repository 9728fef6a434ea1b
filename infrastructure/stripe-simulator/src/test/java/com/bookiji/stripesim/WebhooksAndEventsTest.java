package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.net.Webhook;
import com.stripe.param.EventListParams;
import com.stripe.param.RefundCreateParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Events and signed webhooks")
class WebhooksAndEventsTest extends SimulatorTestSupport {

  private static final String SECRET = "whsec_test_secret";
  private final WebhookReceiver receiver = new WebhookReceiver();

  @Override
  protected StripeSimulatorConfig config() {
    return StripeSimulatorConfig.builder()
        .webhookUrl(receiver.url())
        .webhookSecret(SECRET)
        .webhookRetryInitialDelay(Duration.ofMillis(50))
        .webhookMaxAttempts(5)
        .webhookTimeout(Duration.ofMillis(1500))
        .build();
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void clearReceiver() {
    receiver.clear();
  }

  private List<Event> verifiedEvents() throws SignatureVerificationException {
    List<Event> out = new java.util.ArrayList<>();
    for (WebhookReceiver.Delivery d : receiver.deliveries()) {
      out.add(Webhook.constructEvent(d.payload(), d.signature(), SECRET));
    }
    return out;
  }

  private List<String> deliveredTypes() throws SignatureVerificationException {
    return verifiedEvents().stream().map(Event::getType).toList();
  }

  @Test
  @DisplayName("every state change is delivered, signed so that Webhook.constructEvent verifies it, in order")
  void signedDeliveries() throws Exception {
    PaymentIntent pi = authorized(2000, "r-wh-1");
    stripe.v1().paymentIntents().capture(pi.getId());
    stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).setAmount(500L).build());
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 5);
    assertThat(deliveredTypes()).containsExactly(
        "payment_intent.created", "payment_intent.amount_capturable_updated", "payment_intent.succeeded",
        "charge.refunded", "refund.created");
    Event succeeded = verifiedEvents().get(2);
    assertThat(succeeded.getApiVersion()).isEqualTo("2026-07-29.dahlia");
    PaymentIntent object = (PaymentIntent) succeeded.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(object.getId()).isEqualTo(pi.getId());
    assertThat(object.getStatus()).isEqualTo("succeeded");
    assertThat(object.getMetadata()).containsEntry("reservation_id", "r-wh-1");
    assertThat(succeeded.getRequest().getId()).startsWith("req_");
    com.stripe.model.Charge refunded =
        (com.stripe.model.Charge) verifiedEvents().get(3).getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(refunded.getAmountRefunded()).isEqualTo(500);
    assertThat(refunded.getPaymentIntent()).isEqualTo(pi.getId());
    com.stripe.model.Refund refund =
        (com.stripe.model.Refund) verifiedEvents().get(4).getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(refund.getAmount()).isEqualTo(500);
    assertThat(refund.getPaymentIntent()).isEqualTo(pi.getId());
    assertThat(refund.getStatus()).isEqualTo("succeeded");
  }

  @Test
  @DisplayName("deliveries run side by side: an endpoint slow on one PaymentIntent's event still gets the other intents' events")
  void deliveriesRunSideBySide() throws Exception {
    // Shorter than the webhook timeout: the simulator waits for the whole hang, then retries. What
    // the receiver delivered meanwhile went through other lanes (with one lane: nothing).
    receiver.hangNext(1, 1000);
    PaymentIntent slow = createManual(1000, "r-wh-slow");
    for (int i = 0; i < 8; i++) {
      createManual(1000, "r-wh-side-" + i);
    }
    // Eight intents over four lanes: some take another lane than the hanging one (all eight
    // sharing it has a chance of 1 in 65,536).
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries().size() == 9);
    List<String> deliveredWhileSlowHung = new java.util.ArrayList<>();
    for (WebhookReceiver.Delivery d : receiver.deliveredWhileHanging()) {
      Event e = Webhook.constructEvent(d.payload(), d.signature(), SECRET);
      deliveredWhileSlowHung.add(((PaymentIntent) e.getDataObjectDeserializer().getObject().orElseThrow()).getId());
    }
    assertThat(deliveredWhileSlowHung).isNotEmpty().doesNotContain(slow.getId());
  }

  @Test
  @DisplayName("updating a refund emits charge.refund.updated and refund.updated with the Refund object")
  void refundUpdated() throws Exception {
    PaymentIntent pi = authorized(2000, "r-wh-re-up");
    stripe.v1().paymentIntents().capture(pi.getId());
    com.stripe.model.Refund created =
        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());
    stripe.v1().refunds().update(created.getId(),
        com.stripe.param.RefundUpdateParams.builder().putMetadata("note", "dashboard").build());
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 7);
    assertThat(deliveredTypes().subList(5, 7)).containsExactly("charge.refund.updated", "refund.updated");
    Event updated = verifiedEvents().get(5);
    com.stripe.model.Refund object =
        (com.stripe.model.Refund) updated.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(object.getId()).isEqualTo(created.getId());
    assertThat(object.getMetadata()).containsEntry("note", "dashboard");
    assertThat(updated.getData().getPreviousAttributes()).containsKey("metadata");
  }

  @Test
  @DisplayName("a tampered payload or a stale timestamp fails verification")
  void tamperedAndStale() throws Exception {
    createManual(1000, "r-wh-2");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 1);
    WebhookReceiver.Delivery d = receiver.deliveries().get(0);
    assertThat(d.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
    Webhook.constructEvent(d.payload(), d.signature(), SECRET);

    String tampered = d.payload().replace("r-wh-2", "r-wh-X");
    assertThatThrownBy(() -> Webhook.constructEvent(tampered, d.signature(), SECRET))
        .isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(() -> Webhook.constructEvent(d.payload(), d.signature(), "whsec_other"))
        .isInstanceOf(SignatureVerificationException.class);
    Clock tenMinutesLater = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    assertThatThrownBy(() -> Webhook.constructEvent(d.payload(), d.signature(), SECRET, 300, tenMinutesLater))
        .isInstanceOfSatisfying(SignatureVerificationException.class,
            e -> assertThat(e.getMessage()).contains("tolerance"));
  }

  @Test
  @DisplayName("a failing endpoint gets the event again with backoff until it answers 2xx")
  void retries() throws Exception {
    receiver.failNext(3);
    createManual(1000, "r-wh-3");
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries().size() == 1);
    List<String> outcomes = StreamSupport.stream(control.webhookDeliveries().spliterator(), false)
        .map(e -> e.getAsJsonObject().get("outcome").getAsString())
        .toList();
    assertThat(outcomes).containsExactly(
        "http_error_will_retry", "http_error_will_retry", "http_error_will_retry", "delivered");
  }

  @Test
  @DisplayName("an endpoint that does not answer in time gets the event again")
  void retriesAfterTimeout() throws Exception {
    receiver.hangNext(1, 3000);
    createManual(1000, "r-wh-timeout");
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries().size() == 1);
    List<String> outcomes = StreamSupport.stream(control.webhookDeliveries().spliterator(), false)
        .map(e -> e.getAsJsonObject().get("outcome").getAsString())
        .toList();
    assertThat(outcomes).containsExactly("timeout_will_retry", "delivered");
  }

  @Test
  @DisplayName("/v1/events lists (filtered by type) and retrieves events")
  void eventsApi() throws Exception {
    PaymentIntent pi = authorized(1000, "r-ev");
    stripe.v1().paymentIntents().cancel(pi.getId());
    StripeCollection<Event> all = stripe.v1().events().list(EventListParams.builder().build());
    assertThat(all.getData()).extracting(Event::getType).containsExactly(
        "payment_intent.canceled", "payment_intent.amount_capturable_updated", "payment_intent.created");
    StripeCollection<Event> canceled =
        stripe.v1().events().list(EventListParams.builder().setType("payment_intent.canceled").build());
    assertThat(canceled.getData()).hasSize(1);
    Event one = stripe.v1().events().retrieve(canceled.getData().get(0).getId());
    assertThat(one.getType()).isEqualTo("payment_intent.canceled");
    assertThat(stripe.v1().events().list(EventListParams.builder().setType("payment_intent.*").build()).getData())
        .hasSize(3);
  }

  @Test
  @DisplayName("DROP: the endpoint never gets the event, but /v1/events still has it")
  void dropFault() throws Exception {
    control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, "payment_intent.created").times(1));
    PaymentIntent pi = authorized(1000, "r-drop");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 1);
    assertThat(deliveredTypes()).containsExactly("payment_intent.amount_capturable_updated");
    assertThat(stripe.v1().events().list(EventListParams.builder().setType("payment_intent.created").build()).getData())
        .hasSize(1);
    assertThat(pi.getStatus()).isEqualTo("requires_capture");
  }

  @Test
  @DisplayName("DUPLICATE: the endpoint gets the same event twice")
  void duplicateFault() throws Exception {
    control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DUPLICATE, "payment_intent.created").times(1));
    createManual(1000, "r-dup");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 2);
    List<Event> events = verifiedEvents();
    assertThat(events.get(0).getId()).isEqualTo(events.get(1).getId());
  }

  @Test
  @DisplayName("DELAY: the event arrives late, after events that happened later")
  void delayFault() throws Exception {
    control.addWebhookFault(
        WebhookFaultRule.of(WebhookFaultKind.DELAY, "payment_intent.created").withDelayMs(700).times(1));
    authorized(1000, "r-delay");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 2);
    assertThat(deliveredTypes()).containsExactly("payment_intent.amount_capturable_updated", "payment_intent.created");
  }

  @Test
  @DisplayName("REORDER: the held event is sent right after the next one")
  void reorderFault() throws Exception {
    control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.REORDER, "payment_intent.amount_capturable_updated")
        .withDelayMs(5000).times(1));
    PaymentIntent pi = authorized(1000, "r-reorder");
    stripe.v1().paymentIntents().capture(pi.getId());
    await().atMost(Duration.ofSeconds(4)).until(() -> receiver.deliveries().size() == 3);
    assertThat(deliveredTypes()).containsExactly(
        "payment_intent.created", "payment_intent.succeeded", "payment_intent.amount_capturable_updated");
  }

  @Test
  @DisplayName("webhook faults scoped by metadata only touch matching events")
  void metadataScopedWebhookFault() throws Exception {
    control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, null).whenMetadata("reservation_id", "r-quiet"));
    createManual(1000, "r-quiet");
    createManual(1000, "r-loud");
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 1);
    Event only = verifiedEvents().get(0);
    PaymentIntent object = (PaymentIntent) only.getDataObjectDeserializer().getObject().orElseThrow();
    assertThat(object.getMetadata()).containsEntry("reservation_id", "r-loud");
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> receiver.deliveries().size() == 1);
  }

  @Test
  @DisplayName("endpoints registered through the control API receive events with their own secret")
  void registeredEndpoint() throws Exception {
    try (WebhookReceiver second = new WebhookReceiver()) {
      String id = control.addWebhookEndpoint(second.url(), "whsec_second");
      try {
        createManual(1000, "r-second");
        await().atMost(Duration.ofSeconds(5)).until(() -> second.deliveries().size() == 1);
        WebhookReceiver.Delivery d = second.deliveries().get(0);
        assertThat(Webhook.constructEvent(d.payload(), d.signature(), "whsec_second").getType())
            .isEqualTo("payment_intent.created");
        assertThat(id).startsWith("we_");
      } finally {
        control.removeWebhookEndpoint(id);
      }
    }
  }
}
