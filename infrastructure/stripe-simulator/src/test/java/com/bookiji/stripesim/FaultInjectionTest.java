package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fault injection through the control API, observed through stripe-java")
class FaultInjectionTest extends SimulatorTestSupport {

  private static final String CREATE = "POST /v1/payment_intents";
  private static final String CAPTURE = "POST /v1/payment_intents/*/capture";

  private PaymentIntentCreateParams createParams(String reservationId) {
    return PaymentIntentCreateParams.builder()
        .setAmount(1000L)
        .setCurrency("eur")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .putMetadata("reservation_id", reservationId)
        .build();
  }

  private int intentCount() throws Exception {
    return stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build()).getData().size();
  }

  private List<JsonObject> requestsTo(String method, String pathPrefix) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : control.requests(method, pathPrefix)) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  private static RequestOptions key(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }

  @Test
  @DisplayName("LATENCY delays the response and then handles the request")
  void latency() throws Exception {
    control.addFault(FaultRule.latency(CREATE, 700).times(1));
    long start = System.nanoTime();
    PaymentIntent pi = stripe.v1().paymentIntents().create(createParams("r-lat"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMs).isGreaterThanOrEqualTo(700);
    assertThat(pi.getStatus()).isEqualTo("requires_payment_method");
  }

  @Test
  @DisplayName("HTTP_5XX answers Stripe's api_error with the given status and changes nothing")
  void http5xx() throws Exception {
    control.addFault(FaultRule.http5xx(CREATE, 503).times(1));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(createParams("r-5xx"), key("k-5xx")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(503);
          assertThat(e.getStripeError().getType()).isEqualTo("api_error");
        });
    assertThat(intentCount()).isZero();
    // The failed attempt saved nothing under the key: the retry executes.
    PaymentIntent retried = stripe.v1().paymentIntents().create(createParams("r-5xx"), key("k-5xx"));
    assertThat(retried.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(intentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("stripe-java's own retries ride over a 5xx with the same idempotency key")
  void clientRetriesOver5xx() throws Exception {
    control.addFault(FaultRule.http5xx(CREATE, 500).times(1));
    PaymentIntent pi = client(sim.config().secretKey(), 2).v1().paymentIntents().create(createParams("r-retry"));
    assertThat(pi.getId()).startsWith("pi_");
    List<JsonObject> creates = requestsTo("POST", "/v1/payment_intents");
    assertThat(creates).hasSize(2);
    assertThat(creates.get(0).get("idempotency_key").getAsString())
        .isEqualTo(creates.get(1).get("idempotency_key").getAsString());
    assertThat(creates.get(0).get("status").getAsInt()).isEqualTo(500);
    assertThat(intentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("RATE_LIMIT answers 429 rate_limit with Retry-After and changes nothing")
  void rateLimit() throws Exception {
    control.addFault(FaultRule.rateLimit(CREATE, 3).times(1));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(createParams("r-429")))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(429);
          assertThat(e.getCode()).isEqualTo("rate_limit");
          assertThat(e.getStripeError().getLastResponse().headers().firstValue("Retry-After")).contains("3");
        });
    assertThat(intentCount()).isZero();
  }

  @Test
  @DisplayName("CONNECTION_RESET surfaces as ApiConnectionException after exactly one request, and nothing happened")
  void connectionReset() throws Exception {
    control.addFault(FaultRule.connectionReset(CREATE).times(1));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(createParams("r-reset"), key("k-reset")))
        .isInstanceOf(ApiConnectionException.class);
    assertThat(requestsTo("POST", "/v1/payment_intents")).hasSize(1);
    assertThat(intentCount()).isZero();
    PaymentIntent retried = stripe.v1().paymentIntents().create(createParams("r-reset"), key("k-reset"));
    assertThat(retried.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(intentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("APPLIED_RESPONSE_LOST applies the operation, drops the response, and the retry with the same key replays it")
  void appliedResponseLost() throws Exception {
    PaymentIntent pi = authorized(4000, "r-lost");
    control.addFault(FaultRule.appliedResponseLost(CAPTURE).times(1));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(pi.getId(), null, key("cap-1")))
        .isInstanceOf(ApiConnectionException.class);
    // The capture took effect although the client never saw it.
    assertThat(stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus()).isEqualTo("succeeded");
    PaymentIntent replay = stripe.v1().paymentIntents().capture(pi.getId(), null, key("cap-1"));
    assertThat(replay.getStatus()).isEqualTo("succeeded");
    assertThat(replay.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(requestsTo("POST", "/v1/payment_intents/" + pi.getId() + "/capture")).hasSize(2);
  }

  @Test
  @DisplayName("while APPLIED_RESPONSE_LOST keeps firing, replays are lost too; the operation happened once")
  void appliedResponseLostHitsReplays() throws Exception {
    control.addFault(FaultRule.appliedResponseLost(CREATE).times(2));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> stripe.v1().paymentIntents().create(createParams("r-lost-2"), key("create-lost")))
          .isInstanceOf(ApiConnectionException.class);
    }
    PaymentIntent third = stripe.v1().paymentIntents().create(createParams("r-lost-2"), key("create-lost"));
    assertThat(third.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(intentCount()).isEqualTo(1);
    List<JsonObject> creates = requestsTo("POST", "/v1/payment_intents");
    assertThat(creates).extracting(r -> r.get("replayed").getAsBoolean()).containsExactly(false, true, true);
    assertThat(creates).extracting(r -> r.get("status").getAsInt()).containsExactly(0, 0, 200);
  }

  @Test
  @DisplayName("a rule with a count fires that many times, then requests pass")
  void countScoped() throws Exception {
    control.addFault(FaultRule.http5xx(CREATE, 502).times(2));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> stripe.v1().paymentIntents().create(createParams("r-count")))
          .isInstanceOf(ApiException.class);
    }
    assertThat(stripe.v1().paymentIntents().create(createParams("r-count")).getId()).startsWith("pi_");
    JsonArray rules = control.faults();
    assertThat(rules.get(0).getAsJsonObject().get("fired").getAsInt()).isEqualTo(2);
  }

  @Test
  @DisplayName("a probabilistic rule with a seed fails exactly the requests its seeded random picks")
  void probabilisticWithSeed() throws Exception {
    long seed = 42;
    double probability = 0.4;
    control.addFault(FaultRule.http5xx(CREATE, 500).withProbability(probability, seed));
    Random expected = new Random(seed);
    for (int i = 0; i < 20; i++) {
      boolean shouldFail = expected.nextDouble() < probability;
      try {
        stripe.v1().paymentIntents().create(createParams("r-prob-" + i));
        assertThat(shouldFail).as("request %d", i).isFalse();
      } catch (ApiException e) {
        assertThat(shouldFail).as("request %d", i).isTrue();
      }
    }
  }

  @Test
  @DisplayName("a metadata-scoped rule hits only the intent whose metadata matches")
  void metadataScoped() throws Exception {
    PaymentIntent target = authorized(1000, "victim");
    PaymentIntent other = authorized(1000, "bystander");
    control.addFault(FaultRule.http5xx(CAPTURE, 500).whenMetadata("reservation_id", "victim"));
    assertThat(stripe.v1().paymentIntents().capture(other.getId()).getStatus()).isEqualTo("succeeded");
    assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(target.getId())).isInstanceOf(ApiException.class);
    assertThat(stripe.v1().paymentIntents().retrieve(target.getId()).getStatus()).isEqualTo("requires_capture");
  }

  @Test
  @DisplayName("clearing faults and resetting restore normal service")
  void clearAndReset() throws Exception {
    control.addFault(FaultRule.http5xx("* /v1/**", 500));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(createParams("r-clear"))).isInstanceOf(ApiException.class);
    control.clearFaults();
    stripe.v1().paymentIntents().create(createParams("r-clear"));
    control.addFault(FaultRule.http5xx("* /v1/**", 500));
    control.reset();
    assertThat(intentCount()).isZero();
    assertThat(control.faults()).isEmpty();
    assertThat(control.requests()).hasSize(1); // the list call just made
  }
}
