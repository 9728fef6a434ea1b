package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.TestClock;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.testkit.TopicProbe;
import com.bookiji.platform.web.Role;
import com.bookiji.schemas.Topic;
import com.bookiji.stripesim.StripeSimulator;
import com.bookiji.stripesim.StripeSimulatorConfig;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Start here: one reservation from {@code POST /reservations} to {@code CONFIRMED} across the four
 * real services — reservation-service, availability-service, payment-service (stripe-java against
 * the Stripe simulator, with signed webhooks) and the simulator — over the real broker, PostgreSQL
 * and Debezium, all in this JVM with a database each. The vendor creates the slot through
 * availability's API, the frontend confirms the card at the simulator with the client secret the
 * reservation exposes, the vendor confirms through the reservation API. Nothing is played: if
 * availability-service or payment-service cannot be started, the test fails.
 */
@DisplayName("End to end: a reservation from POST to CONFIRMED across the services")
class ReservationEndToEndIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final TestClock clock = TestClock.runningFromNow();
  static StripeSimulator simulator;
  static ConfigurableApplicationContext payment;
  static ConfigurableApplicationContext availability;
  static TestDatabase availabilityDb;
  static ReservationApp reservation;
  static Api api;
  /** Every span the three services finish, kept in memory instead of an OTLP collector. */
  static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  static final Map<String, String> QUICK_SPAN_EXPORT =
      Map.of("management.opentelemetry.tracing.export.schedule-delay", "100ms");
  static final List<Topic> SAGA_TOPICS = List.of(Topic.RESERVATION_EVENTS, Topic.AVAILABILITY_COMMANDS,
      Topic.AVAILABILITY_EVENTS, Topic.PAYMENT_COMMANDS, Topic.PAYMENT_EVENTS);

  @BeforeAll
  static void startAll() {
    simulator = StripeSimulator.start(StripeSimulatorConfig.builder()
        .webhookRetryInitialDelay(Duration.ofMillis(200)).build());
    payment = ForeignService.start(ForeignService.require("com.bookiji.payment.PaymentServiceApplication"),
        infra.createDatabase("payment_e2e"), Map.of(
            "bookiji.stripe.api-base", simulator.baseUrl(),
            "bookiji.stripe.api-key", "sk_test_bookiji",
            "management.opentelemetry.tracing.export.schedule-delay", "100ms"), ReservationEndToEndIT::recordSpans);
    simulator.control().addWebhookEndpoint(ForeignService.baseUrl(payment) + "/stripe/webhooks", null);

    availabilityDb = infra.createDatabase("availability_e2e");
    availability = ForeignService.start(
        ForeignService.require("com.bookiji.availability.AvailabilityServiceApplication"), availabilityDb,
        QUICK_SPAN_EXPORT, ReservationEndToEndIT::recordSpans);
    reservation = ReservationApp.start(infra.createDatabase("reservation_e2e"), clock, QUICK_SPAN_EXPORT,
        ReservationEndToEndIT::recordSpans);
    api = new Api(reservation::baseUrl);
  }

  static void recordSpans(ConfigurableApplicationContext context) {
    context.getBeanFactory().registerSingleton("inMemorySpanExporter", spans);
  }

  @AfterAll
  static void stopAll() {
    if (reservation != null) {
      reservation.close();
    }
    if (availability != null) {
      availability.close();
    }
    if (payment != null) {
      payment.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  @DisplayName("slot created at availability, hold, card authorized at Stripe, vendor confirms, booking committed, "
      + "payment captured once: CONFIRMED")
  void reservationGoesFromPostToConfirmed() {
    String vendor = "vendor-" + UUID.randomUUID();
    String requester = "requester-" + UUID.randomUUID();
    String slotId = createSlot(vendor, 4200);

    Api.Response created = api.reserve(requester, slotId, UUID.randomUUID().toString());
    assertThat(created.status()).as(created.raw()).isEqualTo(202);
    String id = created.text("id");

    JsonNode awaiting = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json(),
            r -> r.get("payment").hasNonNull("clientSecret") || r.get("terminal").asBoolean());
    assertThat(awaiting.get("state").asText()).as(awaiting.toString()).isEqualTo("AWAITING_CONFIRMATIONS");
    // The price comes from availability's SlotHeld: the slot above, not a played event.
    assertThat(awaiting.get("amount").get("amountMinor").asLong()).isEqualTo(4200);
    String clientSecret = awaiting.get("payment").get("clientSecret").asText();
    String intentId = clientSecret.substring(0, clientSecret.indexOf("_secret"));

    // The frontend confirms the card with the publishable key; Stripe's webhook tells payment-service.
    customerConfirms(intentId, clientSecret, "pm_card_visa");
    assertThat(api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);

    JsonNode confirmed = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json(),
            r -> r.get("state").asText().equals("CONFIRMED") || r.get("terminal").asBoolean());
    assertThat(confirmed.get("state").asText()).as(confirmed.toString()).isEqualTo("CONFIRMED");
    assertThat(confirmed.get("payment").get("status").asText()).isEqualTo("CAPTURED");

    // The booking exists in availability-service's own database.
    List<Map<String, Object>> bookings = JdbcClient.create(availabilityDb.dataSource())
        .sql("select slot_id::text as slot_id, status from bookings where reservation_id = ?")
        .param(id).query().listOfRows();
    assertThat(bookings).singleElement().satisfies(b -> {
      assertThat(b.get("slot_id")).isEqualTo(slotId);
      assertThat(b.get("status")).isEqualTo("ACTIVE");
    });

    // The PaymentIntent is captured at the simulator, by exactly one executed capture.
    JsonObject intent = StreamSupport.stream(simulator.control().paymentIntents().spliterator(), false)
        .map(JsonElement::getAsJsonObject).filter(pi -> intentId.equals(pi.get("id").getAsString()))
        .findFirst().orElseThrow(() -> new AssertionError("no PaymentIntent " + intentId + " at the simulator"));
    assertThat(intent.get("status").getAsString()).isEqualTo("succeeded");
    assertThat(intent.get("amount_received").getAsLong()).isEqualTo(4200);
    assertThat(capturesExecutedAtStripe(intentId)).isEqualTo(1);
  }

  @Test
  @DisplayName("a confirmed reservation refunded at Stripe outside the saga (Dashboard), then cancelled by the"
      + " requester: CANCELLED, the booking cancelled, no second refund")
  void refundedOutsideTheSagaThenCancelled() throws Exception {
    String vendor = "vendor-" + UUID.randomUUID();
    String requester = "requester-" + UUID.randomUUID();
    String id = api.reserve(requester, createSlot(vendor, 3100), UUID.randomUUID().toString()).text("id");
    JsonNode awaiting = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json(),
            r -> r.get("payment").hasNonNull("clientSecret") || r.get("terminal").asBoolean());
    String clientSecret = awaiting.get("payment").get("clientSecret").asText();
    String intentId = clientSecret.substring(0, clientSecret.indexOf("_secret"));
    customerConfirms(intentId, clientSecret, "pm_card_visa");
    api.vendorDecision(id, vendor, "CONFIRM");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json().get("state").asText(),
            "CONFIRMED"::equals);

    // Someone refunds the whole payment in the Stripe Dashboard; Stripe's webhooks tell payment-service.
    StripeClient dashboard = StripeClient.builder().setApiKey("sk_test_bookiji")
        .setApiBase(simulator.baseUrl()).build();
    dashboard.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(intentId).build());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json().get("payment").get("status").asText(),
            "REFUNDED"::equals);

    assertThat(api.cancel(id, requester).status()).isEqualTo(202);

    JsonNode ended = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json(), r -> r.get("terminal").asBoolean());
    assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("CANCELLED");
    assertThat(JdbcClient.create(availabilityDb.dataSource())
        .sql("select status from bookings where reservation_id = ?").param(id).query(String.class).single())
        .isEqualTo("CANCELLED");
    assertThat(dashboard.v1().refunds().list(RefundListParams.builder().setPaymentIntent(intentId).build())
        .getData()).as("refunds at Stripe").hasSize(1);
  }

  @Test
  @DisplayName("the traceparent of POST /reservations is the trace of every message of the reservation and of the"
      + " spans of all three services, Stripe calls included")
  void oneTraceFromPostToConfirmed() {
    String traceId = randomHex(16);
    String callerSpanId = randomHex(8);
    String vendor = "vendor-" + UUID.randomUUID();
    String requester = "requester-" + UUID.randomUUID();
    Api.Response created = api.reserve(requester, createSlot(vendor, 2500), UUID.randomUUID().toString(),
        "00-" + traceId + "-" + callerSpanId + "-01");
    assertThat(created.status()).as(created.raw()).isEqualTo(202);
    String id = created.text("id");
    JsonNode awaiting = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json(),
            r -> r.get("payment").hasNonNull("clientSecret") || r.get("terminal").asBoolean());
    String clientSecret = awaiting.get("payment").get("clientSecret").asText();
    // The card is confirmed (Stripe's webhook has no traceparent), then the vendor decides in a request
    // of its own, so its decision is what sends CommitHold: the saga still goes on in the reservation's trace.
    customerConfirms(clientSecret.substring(0, clientSecret.indexOf("_secret")), clientSecret, "pm_card_visa");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json().get("payment").get("status").asText(),
            "AUTHORIZED"::equals);
    assertThat(api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json().get("state").asText(),
            state -> state.equals("CONFIRMED") || state.startsWith("FAILED") || state.equals("EXPIRED"));

    Set<String> sagaMessages = Set.of("ReservationRequested", "HoldSlot", "SlotHeld", "AuthorizePayment",
        "PaymentAuthorizationStarted", "PaymentAuthorized", "CommitHold", "HoldCommitted", "CapturePayment",
        "PaymentCaptured", "ReservationStateChanged");
    List<ProbedRecord> records = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> recordsOf(id), rs -> rs.stream().map(r -> r.header(MessageHeaders.EVENT_TYPE))
            .collect(Collectors.toSet()).containsAll(sagaMessages));
    assertThat(records).allSatisfy(r -> assertThat(r.header(MessageHeaders.TRACEPARENT))
        .as("%s %s", r.topic(), r.header(MessageHeaders.EVENT_TYPE))
        .matches("00-" + traceId + "-[0-9a-f]{16}-01"));

    // Every service recorded its part of the trace: the POST as a child of the caller's span, a consumer
    // span per message it handled, a span per Stripe call.
    List<SpanData> trace = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> spansOf(traceId), ss -> ss.stream().anyMatch(sp -> sp.getName().equals("stripe capture")));
    assertThat(trace).anySatisfy(sp -> {
      assertThat(service(sp)).isEqualTo("reservation-service");
      assertThat(sp.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(sp.getParentSpanId()).isEqualTo(callerSpanId);
    });
    Map<String, Set<String>> consumedBy = trace.stream().filter(sp -> sp.getKind() == SpanKind.CONSUMER)
        .collect(Collectors.groupingBy(ReservationEndToEndIT::service,
            Collectors.mapping(sp -> sp.getAttributes().get(AttributeKey.stringKey("messaging.source.name")),
                Collectors.toSet())));
    assertThat(consumedBy).as(describe(trace))
        .containsEntry("availability-service", Set.of("availability.commands"))
        .containsEntry("payment-service", Set.of("payment.commands"))
        .containsEntry("reservation-service", Set.of("availability.events", "payment.events"));
    assertThat(trace).filteredOn(sp -> sp.getKind() == SpanKind.CONSUMER)
        .allSatisfy(sp -> assertThat(sp.getAttributes().get(AttributeKey.stringKey("reservation.id"))).isEqualTo(id));
    // The vendor's decision is a request (and trace) of its own, found by the reservation it names.
    assertThat(spans.getFinishedSpanItems()).anySatisfy(sp -> {
      assertThat(sp.getName()).isEqualTo("http post /reservations/{id}/vendor-decision");
      assertThat(sp.getAttributes().get(AttributeKey.stringKey("reservation.id"))).isEqualTo(id);
    });
    assertThat(trace).filteredOn(sp -> service(sp).equals("payment-service")).extracting(SpanData::getName)
        .contains("stripe authorize", "stripe capture");
    // Stripe's webhook is a span of payment-service (a trace of its own: Stripe sends no traceparent),
    // and the PaymentIntent it retrieves is a Stripe span in that trace.
    List<SpanData> all = spans.getFinishedSpanItems();
    Set<String> webhookTraces = all.stream().filter(sp -> service(sp).equals("payment-service")
            && sp.getKind() == SpanKind.SERVER && sp.getName().equals("http post /stripe/webhooks"))
        .map(SpanData::getTraceId).collect(Collectors.toSet());
    assertThat(all).as(describe(all)).anySatisfy(sp -> {
      assertThat(sp.getName()).isEqualTo("stripe retrieve");
      assertThat(sp.getAttributes().get(AttributeKey.stringKey("reservation.id"))).isEqualTo(id);
      assertThat(webhookTraces).contains(sp.getTraceId());
    });
    // Timer runs (several a second) are not traces of their own.
    assertThat(all).noneSatisfy(sp -> {
      assertThat(sp.getName()).startsWith("task ");
      assertThat(sp.getParentSpanContext().isValid()).isFalse();
    });
    // A message caused by a message was written inside its consumer span: that span is its parent.
    Set<String> consumerSpans = trace.stream().filter(sp -> sp.getKind() == SpanKind.CONSUMER)
        .map(SpanData::getSpanId).collect(Collectors.toSet());
    assertThat(records).filteredOn(r -> r.header(MessageHeaders.CAUSATION_ID) != null).isNotEmpty()
        .allSatisfy(r -> assertThat(consumerSpans).as("%s %s", r.topic(), r.header(MessageHeaders.EVENT_TYPE))
            .contains(r.header(MessageHeaders.TRACEPARENT).split("-")[2]));
  }

  private static List<ProbedRecord> recordsOf(String reservationId) {
    TopicProbe probe = infra.topicProbe();
    return SAGA_TOPICS.stream().flatMap(t -> probe.readAll(t.topicName()).stream())
        .filter(r -> reservationId.equals(r.key())).toList();
  }

  private static List<SpanData> spansOf(String traceId) {
    return spans.getFinishedSpanItems().stream().filter(sp -> sp.getTraceId().equals(traceId)).toList();
  }

  private static String describe(List<SpanData> trace) {
    return trace.stream().map(sp -> service(sp) + ": " + sp.getName() + " (" + sp.getKind() + ")")
        .collect(Collectors.joining(", "));
  }

  private static String service(SpanData span) {
    return span.getResource().getAttribute(AttributeKey.stringKey("service.name"));
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static long capturesExecutedAtStripe(String intentId) {
    return StreamSupport.stream(simulator.control()
            .requests("POST", "/v1/payment_intents/" + intentId + "/capture").spliterator(), false)
        .map(JsonElement::getAsJsonObject)
        .filter(r -> !(r.has("replayed") && !r.get("replayed").isJsonNull() && r.get("replayed").getAsBoolean()))
        .filter(r -> r.has("status") && !r.get("status").isJsonNull() && r.get("status").getAsInt() == 200)
        .count();
  }

  private static String createSlot(String vendor, long priceMinor) {
    Instant starts = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.HOURS);
    Api vendorApi = new Api(() -> ForeignService.baseUrl(availability));
    Api.Response slot = vendorApi.post("/vendors/" + vendor + "/slots", vendorApi.token(vendor, Role.VENDOR),
        Map.of("startsAt", starts.toString(), "endsAt", starts.plus(Duration.ofHours(1)).toString(),
            "timeZone", "Europe/Berlin", "priceAmountMinor", priceMinor, "currency", "EUR"), null);
    assertThat(slot.status()).as(slot.raw()).isEqualTo(201);
    return slot.text("id");
  }

  private static void customerConfirms(String intentId, String clientSecret, String paymentMethod) {
    StripeClient publishable = StripeClient.builder().setApiKey("pk_test_bookiji")
        .setApiBase(simulator.baseUrl()).build();
    try {
      publishable.v1().paymentIntents().confirm(intentId, PaymentIntentConfirmParams.builder()
          .setPaymentMethod(paymentMethod).putExtraParam("client_secret", clientSecret).build());
    } catch (StripeException e) {
      throw new IllegalStateException("the simulator refused the confirmation", e);
    }
  }
}
