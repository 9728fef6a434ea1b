package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.stripesim.FaultRule;
import com.bookiji.stripesim.internal.Webhooks;
import com.google.gson.JsonElement;
import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The webhook path holds no database connection while Stripe answers. */
class ConcurrentWebhooksIT extends PaymentITSupport {

  private static final int WEBHOOKS = 50;

  @Value("${spring.datasource.hikari.maximum-pool-size}")
  int poolSize;

  @AfterEach
  void clearFaults() {
    SIM.clearFaults();
  }

  @Test
  @DisplayName("50 concurrent webhooks while Stripe answers slowly: every webhook is applied and"
      + " every Stripe call is audited")
  void concurrentWebhooksWithSlowStripe() throws Exception {
    assertThat(WEBHOOKS).as("more webhooks than connections").isGreaterThan(poolSize);
    String batch = UUID.randomUUID().toString();
    StripeClient stripe = StripeClient.builder().setApiKey("sk_test_bookiji")
        .setApiBase(SIMULATOR.baseUrl()).build();
    Timestamp now = Timestamp.from(Instant.now());
    Map<String, String> intentByReservation = new java.util.LinkedHashMap<>();
    for (int i = 0; i < WEBHOOKS; i++) {
      String reservation = newReservation("slow-" + i);
      PaymentIntent pi = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
          .setAmount(1500L).setCurrency("eur")
          .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
          .putMetadata("reservation_id", reservation).putMetadata("attempt", "1")
          .putMetadata("batch", batch).build());
      jdbc.update("""
          insert into payments (reservation_id, attempt, amount_minor, currency, status,
            payment_intent_id, client_secret, created_at, updated_at)
          values (?, 1, 1500, 'eur', 'AWAITING_CUSTOMER', ?, ?, ?, ?)""",
          reservation, pi.getId(), pi.getClientSecret(), now, now);
      intentByReservation.put(reservation, pi.getId());
    }
    // Slow (but inside the read timeout) enough that the old design (a connection held across the
    // call, the audit row needing a second one) exhausted the pool: every connection waited for an
    // audit connection until the pool's timeout, and the audit rows were lost.
    SIM.addFault(FaultRule.latency("GET /v1/payment_intents/*", 800).whenMetadata("batch", batch));

    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(WEBHOOKS))
        .build();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    intentByReservation.forEach((reservation, intent) -> {
      String payload = event("evt_slow_" + UUID.randomUUID(), intent, reservation);
      String signature = Webhooks.signatureHeader(payload, "whsec_bookiji",
          Instant.now().getEpochSecond());
      responses.add(http.sendAsync(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/stripe/webhooks"))
          .timeout(Duration.ofSeconds(90))
          .header("Content-Type", "application/json").header("Stripe-Signature", signature)
          .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
          HttpResponse.BodyHandlers.ofString()));
    });
    CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

    assertThat(responses).extracting(r -> r.join().statusCode())
        .as("every webhook answered").containsOnly(200);
    long retrievesAtStripe = 0;
    for (JsonElement e : SIM.requests("GET", "/v1/payment_intents/")) {
      String path = e.getAsJsonObject().get("path").getAsString();
      if (intentByReservation.values().stream().anyMatch(path::endsWith)) {
        retrievesAtStripe++;
      }
    }
    // Every try is audited, also one our client gave up on (read timeout): by reservation, since a
    // try without an answer has no object id.
    Integer audited = jdbc.queryForObject("select count(*) from stripe_calls where"
        + " operation = 'retrieve' and reservation_id in (" + intentByReservation.keySet().stream()
        .map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")", Integer.class);
    assertThat(retrievesAtStripe).isGreaterThanOrEqualTo(WEBHOOKS);
    assertThat(audited).as("audit rows of the %d retrievals", retrievesAtStripe)
        .isEqualTo((int) retrievesAtStripe);
    ((ExecutorService) http.executor().orElseThrow()).shutdown();
  }

  private static String event(String id, String paymentIntentId, String reservationId) {
    return """
        {"id":"%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,
         "type":"payment_intent.processing","livemode":false,"pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"payment_intent",
           "metadata":{"reservation_id":"%s","attempt":"1"}}}}"""
        .formatted(id, Instant.now().getEpochSecond(), paymentIntentId, reservationId);
  }
}
