package com.bookiji.payment.it;

import static com.bookiji.payment.it.ForgedWebhooks.paymentIntentEvent;
import static com.bookiji.payment.it.ForgedWebhooks.signNow;
import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.stripesim.FaultRule;
import com.google.gson.JsonElement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The webhook path holds no database connection while Stripe answers. */
class ConcurrentWebhooksIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  private static final int WEBHOOKS = 50;

  static final int poolSize =
      sut.property("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);

  @AfterEach
  void clearFaults() {
    stripe.control.clearFaults();
  }

  @Test
  @DisplayName("50 concurrent webhooks while Stripe answers slowly: every webhook is applied and"
      + " every Stripe call is audited")
  void concurrentWebhooksWithSlowStripe() throws Exception {
    assertThat(WEBHOOKS).as("more webhooks than connections").isGreaterThan(poolSize);
    String batch = UUID.randomUUID().toString();
    Instant now = Instant.now();
    Map<String, String> intentByReservation = new java.util.LinkedHashMap<>();
    for (int i = 0; i < WEBHOOKS; i++) {
      String reservation = newReservation("slow-" + i);
      intentByReservation.put(reservation,
          sut.awaitingCustomer(reservation, 1500, now, Map.of("batch", batch)));
    }
    // Slow (but inside the read timeout) enough that the old design (a connection held across the
    // call, the audit row needing a second one) exhausted the pool: every connection waited for an
    // audit connection until the pool's timeout, and the audit rows were lost.
    stripe.control.addFault(
        FaultRule.latency("GET /v1/payment_intents/*", 800).whenMetadata("batch", batch));

    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(WEBHOOKS))
        .build();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    intentByReservation.forEach((reservation, intent) -> {
      String payload = paymentIntentEvent("evt_slow_" + UUID.randomUUID(),
          "payment_intent.processing", intent, reservation);
      String signature = signNow(payload);
      responses.add(http.sendAsync(HttpRequest.newBuilder(sut.webhookUri())
          .timeout(Duration.ofSeconds(90))
          .header("Content-Type", "application/json").header("Stripe-Signature", signature)
          .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
          HttpResponse.BodyHandlers.ofString()));
    });
    CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

    assertThat(responses).extracting(r -> r.join().statusCode())
        .as("every webhook answered").containsOnly(200);
    long retrievesAtStripe = 0;
    for (JsonElement e : stripe.control.requests("GET", "/v1/payment_intents/")) {
      String path = e.getAsJsonObject().get("path").getAsString();
      if (intentByReservation.values().stream().anyMatch(path::endsWith)) {
        retrievesAtStripe++;
      }
    }
    // Every try is audited, also one our client gave up on (read timeout): by reservation, since a
    // try without an answer has no object id.
    Integer audited = sut.jdbc.queryForObject("select count(*) from stripe_calls where"
        + " operation = 'retrieve' and reservation_id in (" + intentByReservation.keySet().stream()
        .map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")", Integer.class);
    assertThat(retrievesAtStripe).isGreaterThanOrEqualTo(WEBHOOKS);
    assertThat(audited).as("audit rows of the %d retrievals", retrievesAtStripe)
        .isEqualTo((int) retrievesAtStripe);
    ((ExecutorService) http.executor().orElseThrow()).shutdown();
  }
}
