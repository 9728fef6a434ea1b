package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.exception.ApiException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Concurrent clients")
class ConcurrencyTest extends SimulatorTestSupport {

  private final WebhookReceiver receiver = new WebhookReceiver();

  @Override
  protected StripeSimulatorConfig config() {
    return StripeSimulatorConfig.builder().webhookUrl(receiver.url()).build();
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  @Test
  @DisplayName("parallel authorize/capture flows with metadata-scoped faults and webhooks all complete, every event delivered once")
  void parallelFlows() throws Exception {
    control.addFault(FaultRule.latency("POST /v1/payment_intents/*/capture", 5).whenMetadata("lane", "0"));
    control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DELAY, null).withDelayMs(20).whenMetadata("lane", "1"));
    int threads = 8;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int lane = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          String reservation = "c-" + lane + "-" + i;
          PaymentIntent pi = stripe.v1().paymentIntents().create(
              PaymentIntentCreateParams.builder()
                  .setAmount(1000L).setCurrency("eur")
                  .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
                  .setPaymentMethod("pm_card_visa").setConfirm(true)
                  .putMetadata("reservation_id", reservation).putMetadata("lane", Integer.toString(lane % 3))
                  .build(),
              RequestOptions.builder().setIdempotencyKey("create-" + reservation).build());
          stripe.v1().paymentIntents().capture(pi.getId(), null,
              RequestOptions.builder().setIdempotencyKey("capture-" + reservation).build());
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    int total = threads * perThread;
    assertThat(control.paymentIntents()).hasSize(total);
    PaymentIntentSearchParams succeeded = PaymentIntentSearchParams.builder().setQuery("status:'succeeded'").setLimit(100L).build();
    int count = 0;
    for (PaymentIntent ignored : stripe.v1().paymentIntents().search(succeeded).autoPagingIterable()) {
      count++;
    }
    assertThat(count).isEqualTo(total);
    // created + amount_capturable_updated + succeeded per intent
    await().atMost(Duration.ofSeconds(20)).until(() -> ours().size() >= total * 3);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    ours().forEach(d -> ids.add(com.google.gson.JsonParser.parseString(d.payload()).getAsJsonObject().get("id").getAsString()));
    assertThat(ids).hasSize(total * 3);
    assertThat(ours()).hasSize(total * 3);
    assertThat(stripe.v1().events().list(EventListParams.builder().setLimit(1L).build()).getHasMore()).isTrue();
  }

  /** Deliveries of this test's events (another test's may still be arriving). */
  private List<WebhookReceiver.Delivery> ours() {
    return receiver.deliveries().stream().filter(d -> d.payload().contains("\"reservation_id\":\"c-")).toList();
  }

  @Test
  @DisplayName("one idempotency key used by 10 clients at once creates exactly one intent")
  void sameKeyRace() throws Exception {
    control.addFault(FaultRule.latency("POST /v1/payment_intents", 200).times(1));
    int clients = 10;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    AtomicInteger conflicts = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(() -> {
        start.await();
        try {
          ids.add(stripe.v1().paymentIntents().create(
              PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("eur").build(),
              RequestOptions.builder().setIdempotencyKey("race").build()).getId());
        } catch (ApiException e) {
          assertThat(e.getStatusCode()).isEqualTo(409);
          conflicts.incrementAndGet();
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
    assertThat(control.paymentIntents()).hasSize(1);
    assertThat(conflicts.get()).isPositive();
  }
}
