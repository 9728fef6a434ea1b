package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.stripe.exception.InvalidRequestException;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.Webhook;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /v1/webhook_endpoints} through stripe-java's {@code WebhookEndpoint} service. */
class WebhookEndpointsTest extends SimulatorTestSupport {

  private final List<String> created = new ArrayList<>();

  @AfterEach
  void removeEndpoints() {
    created.forEach(control::removeWebhookEndpoint);
    created.clear();
  }

  private WebhookEndpoint create(String url, WebhookEndpointCreateParams.EnabledEvent... events)
      throws Exception {
    WebhookEndpointCreateParams.Builder params = WebhookEndpointCreateParams.builder().setUrl(url)
        .setDescription("bookiji test");
    for (WebhookEndpointCreateParams.EnabledEvent e : events) {
      params.addEnabledEvent(e);
    }
    WebhookEndpoint we = stripe.v1().webhookEndpoints().create(params.build());
    created.add(we.getId());
    return we;
  }

  @Test
  @DisplayName("create returns the signing secret once; events arrive signed with it; retrieve"
      + " shows the endpoint without the secret")
  void createDeliversSignedEventsAndHidesTheSecretAfterwards() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      WebhookEndpoint we = create(receiver.url(), WebhookEndpointCreateParams.EnabledEvent.ALL);

      assertThat(we.getId()).startsWith("we_");
      assertThat(we.getObject()).isEqualTo("webhook_endpoint");
      assertThat(we.getSecret()).startsWith("whsec_");
      assertThat(we.getEnabledEvents()).containsExactly("*");
      assertThat(we.getStatus()).isEqualTo("enabled");
      assertThat(we.getUrl()).isEqualTo(receiver.url());

      createManual(1000, "r-endpoint");
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 1);
      WebhookReceiver.Delivery d = receiver.deliveries().get(0);
      assertThat(Webhook.constructEvent(d.payload(), d.signature(), we.getSecret()).getType())
          .isEqualTo("payment_intent.created");

      WebhookEndpoint retrieved = stripe.v1().webhookEndpoints().retrieve(we.getId());
      assertThat(retrieved.getSecret()).isNull();
      assertThat(retrieved.getDescription()).isEqualTo("bookiji test");
    }
  }

  @Test
  @DisplayName("an endpoint receives only its enabled events, and nothing while disabled")
  void enabledEventsAndDisabled() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      WebhookEndpoint we = create(receiver.url(),
          WebhookEndpointCreateParams.EnabledEvent.PAYMENT_INTENT__CANCELED);
      var pi = createManual(1000, "r-filter");
      stripe.v1().paymentIntents().cancel(pi.getId());
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.deliveries().size() == 1);
      assertThat(Webhook.constructEvent(receiver.deliveries().get(0).payload(),
          receiver.deliveries().get(0).signature(), we.getSecret()).getType())
          .isEqualTo("payment_intent.canceled");

      WebhookEndpoint disabled = stripe.v1().webhookEndpoints().update(we.getId(),
          WebhookEndpointUpdateParams.builder().setDisabled(true)
              .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.ALL).build());
      assertThat(disabled.getStatus()).isEqualTo("disabled");
      assertThat(disabled.getEnabledEvents()).containsExactly("*");
      var second = createManual(1000, "r-filter-2");
      stripe.v1().paymentIntents().cancel(second.getId());
      // Every event is stored; the disabled endpoint was sent none of them.
      assertThat(control.objects().getAsJsonArray("events")).hasSize(4);
      assertThat(receiver.deliveries()).hasSize(1);

      WebhookEndpoint enabled = stripe.v1().webhookEndpoints().update(we.getId(),
          WebhookEndpointUpdateParams.builder().setDisabled(false)
              .setUrl(receiver.url() + "?v=2").build());
      assertThat(enabled.getStatus()).isEqualTo("enabled");
      assertThat(enabled.getUrl()).endsWith("?v=2");
    }
  }

  @Test
  @DisplayName("list pages through endpoints newest first with starting_after; delete removes one")
  void listWithPaginationAndDelete() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(create("http://127.0.0.1:9/hook-" + i,
          WebhookEndpointCreateParams.EnabledEvent.CHARGE__REFUNDED).getId());
    }
    var firstPage = stripe.v1().webhookEndpoints()
        .list(WebhookEndpointListParams.builder().setLimit(2L).build());
    assertThat(firstPage.getHasMore()).isTrue();
    assertThat(firstPage.getData()).extracting(WebhookEndpoint::getId)
        .containsExactly(ids.get(4), ids.get(3));
    assertThat(firstPage.getData()).allSatisfy(we -> assertThat(we.getSecret()).isNull());

    List<String> all = new ArrayList<>();
    stripe.v1().webhookEndpoints().list(WebhookEndpointListParams.builder().setLimit(2L).build())
        .autoPagingIterable().forEach(we -> all.add(we.getId()));
    assertThat(all).containsSubsequence(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));

    WebhookEndpoint deleted = stripe.v1().webhookEndpoints().delete(ids.get(2));
    assertThat(deleted.getDeleted()).isTrue();
    created.remove(ids.get(2));
    assertThatThrownBy(() -> stripe.v1().webhookEndpoints().retrieve(ids.get(2)))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }

  @Test
  @DisplayName("create without url or enabled_events, or with a bad URL, is refused and creates nothing")
  void badCreates() throws Exception {
    int before = stripe.v1().webhookEndpoints().list(WebhookEndpointListParams.builder()
        .setLimit(100L).build()).getData().size();
    assertThatThrownBy(() -> stripe.v1().webhookEndpoints().create(
        WebhookEndpointCreateParams.builder().setUrl("http://127.0.0.1:9/x").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getParam()).isEqualTo("enabled_events"));
    assertThatThrownBy(() -> stripe.v1().webhookEndpoints().create(
        WebhookEndpointCreateParams.builder().setUrl("not a url")
            .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getParam()).isEqualTo("url"));
    assertThat(stripe.v1().webhookEndpoints().list(WebhookEndpointListParams.builder()
        .setLimit(100L).build()).getData()).hasSize(before);
  }
}
