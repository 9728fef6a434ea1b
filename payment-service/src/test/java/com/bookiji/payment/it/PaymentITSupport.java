package com.bookiji.payment.it;

import static org.awaitility.Awaitility.await;

import com.bookiji.payment.PaymentServiceApplication;
import com.bookiji.payment.application.PendingPaymentSweeper;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.RelayPublisher;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.testkit.TopicProbe;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.payment.AuthorizePayment;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import com.bookiji.stripesim.SimControlClient;
import com.bookiji.stripesim.StripeSimulator;
import com.bookiji.stripesim.StripeSimulatorConfig;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One payment-service on a random port, against the shared Kafka, PostgreSQL and registry of the
 * testkit and an in-process Stripe simulator whose webhooks point at the service. Commands are
 * produced to {@code payment.commands} exactly as the reservation saga's outbox relay produces
 * them; facts are read back from {@code payment.events}.
 */
@SpringBootTest(classes = PaymentServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "bookiji.stripe.read-timeout-millis=1500",
        "bookiji.stripe.retry.max-attempts=6",
        "bookiji.stripe.retry.initial-backoff-millis=50",
        "bookiji.stripe.retry.max-backoff-millis=400",
        "bookiji.stripe.retry.max-retry-after-millis=1500",
        "bookiji.payment.sweep.enabled=false",
        "bookiji.payment.sweep.pending-grace=0s",
        "bookiji.payment.sweep.recheck-after=0s",
        "bookiji.security.jwt.secret=payment-service-integration-test-secret-0123456789",
    })
@Import(CrashingObserver.class)
abstract class PaymentITSupport {

  static final TestInfrastructure INFRA = TestInfrastructure.shared();
  static final TestDatabase DB = INFRA.createDatabase("payment");
  static final StripeSimulator SIMULATOR = StripeSimulator.start(StripeSimulatorConfig.builder()
      .webhookRetryInitialDelay(Duration.ofMillis(200)).build());
  static final SimControlClient SIM = SIMULATOR.control();
  static final TopicProbe PROBE = INFRA.topicProbe();
  static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final AtomicBoolean WEBHOOK_REGISTERED = new AtomicBoolean();
  private static final RelayPublisher RELAY = new RelayPublisher(INFRA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    INFRA.springProperties(DB).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("bookiji.stripe.api-base", SIMULATOR::baseUrl);
  }

  @LocalServerPort
  int port;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  PendingPaymentSweeper sweeper;
  @Autowired
  CrashingObserver crashes;

  @BeforeEach
  void pointWebhooksAtService() {
    if (WEBHOOK_REGISTERED.compareAndSet(false, true)) {
      SIM.addWebhookEndpoint("http://127.0.0.1:" + port + "/stripe/webhooks", null);
    }
  }

  // ---- commands --------------------------------------------------------------------------------

  static String newReservation(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static UUID send(String reservationId, SpecificRecord command) {
    return send(reservationId, command, UUID.randomUUID());
  }

  /** Produces like the relay does: Avro wire format, key = reservation id, platform headers. */
  static UUID send(String reservationId, SpecificRecord command, UUID eventId) {
    return RELAY.publish(Topic.PAYMENT_COMMANDS, reservationId, command, eventId);
  }

  static AuthorizePayment authorize(String reservationId, long amountMinor) {
    return AuthorizePayment.newBuilder().setReservationId(reservationId).setRequesterId("req-1")
        .setAmountMinor(amountMinor).setCurrency("eur").setAttempt(1)
        .setOccurredAt(Instant.now()).build();
  }

  static CapturePayment capture(String reservationId, long amountMinor) {
    return CapturePayment.newBuilder().setReservationId(reservationId)
        .setAmountMinor(amountMinor).setOccurredAt(Instant.now()).build();
  }

  static VoidPayment voidPayment(String reservationId) {
    return VoidPayment.newBuilder().setReservationId(reservationId).setReason("test")
        .setOccurredAt(Instant.now()).build();
  }

  static RefundPayment refund(String reservationId, Long amountMinor) {
    return RefundPayment.newBuilder().setReservationId(reservationId).setAmountMinor(amountMinor)
        .setReason("test").setOccurredAt(Instant.now()).build();
  }

  // ---- observing payment.events ----------------------------------------------------------------

  static List<Object> events(String reservationId) {
    List<Object> out = new ArrayList<>();
    for (ProbedRecord r : PROBE.readAll(Topic.PAYMENT_EVENTS.topicName())) {
      if (reservationId.equals(r.key())) {
        out.add(r.payload());
      }
    }
    return out;
  }

  static <T> List<T> events(String reservationId, Class<T> type) {
    return events(reservationId).stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T> T awaitEvent(String reservationId, Class<T> type) {
    return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
        .until(() -> events(reservationId, type), l -> !l.isEmpty()).get(0);
  }

  // ---- the customer and Stripe's side ----------------------------------------------------------

  /** The frontend: confirms the card with the publishable key and the client secret. */
  static void customerConfirms(PaymentAuthorizationStarted started, String paymentMethod) {
    StripeClient publishable = StripeClient.builder().setApiKey("pk_test_bookiji")
        .setApiBase(SIMULATOR.baseUrl()).build();
    try {
      publishable.v1().paymentIntents().confirm(started.getPaymentIntentId(),
          PaymentIntentConfirmParams.builder().setPaymentMethod(paymentMethod)
              .putExtraParam("client_secret", started.getClientSecret()).build());
    } catch (StripeException e) {
      // A decline answers 402 to the customer; the service learns it from the webhook.
    }
  }

  static PaymentAuthorizationStarted authorizeAndStart(String reservationId, long amount) {
    send(reservationId, authorize(reservationId, amount));
    return awaitEvent(reservationId, PaymentAuthorizationStarted.class);
  }

  /** Every PaymentIntent at Stripe that carries this reservation's metadata. */
  static List<JsonObject> intentsAtStripe(String reservationId) {
    List<JsonObject> out = new ArrayList<>();
    JsonArray all = SIM.paymentIntents();
    for (JsonElement e : all) {
      JsonObject pi = e.getAsJsonObject();
      JsonObject md = pi.has("metadata") && pi.get("metadata").isJsonObject()
          ? pi.getAsJsonObject("metadata") : new JsonObject();
      if (md.has("reservation_id") && reservationId.equals(md.get("reservation_id").getAsString())) {
        out.add(pi);
      }
    }
    return out;
  }

  /** Capture requests Stripe actually executed (not replays, not failures) for these intents. */
  static long capturesExecutedAtStripe(List<JsonObject> intents) {
    long n = 0;
    for (JsonElement e : SIM.requests("POST", "/v1/payment_intents/")) {
      JsonObject r = e.getAsJsonObject();
      String path = r.get("path").getAsString();
      boolean replayed = r.has("replayed") && !r.get("replayed").isJsonNull()
          && r.get("replayed").getAsBoolean();
      int status = r.has("status") && !r.get("status").isJsonNull() ? r.get("status").getAsInt() : 0;
      String fault = r.has("fault") && !r.get("fault").isJsonNull()
          ? r.get("fault").getAsString() : "";
      boolean applied = status == 200 || "APPLIED_RESPONSE_LOST".equals(fault);
      boolean mine = intents.stream().anyMatch(pi -> path.contains(pi.get("id").getAsString()));
      if (mine && path.endsWith("/capture") && !replayed && applied) {
        n++;
      }
    }
    return n;
  }

  int capturesRecorded(String reservationId) {
    return jdbc.queryForObject("select count(*) from captures where reservation_id = ?",
        Integer.class, reservationId);
  }

  String status(String reservationId) {
    return jdbc.queryForObject("select status from payments where reservation_id = ?"
        + " order by attempt desc limit 1", String.class, reservationId);
  }
}
