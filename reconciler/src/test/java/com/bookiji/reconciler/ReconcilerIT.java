package com.bookiji.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import com.bookiji.reconciler.invariants.application.FindingFilter;
import com.bookiji.schemas.reservation.ReservationRequested;
import com.bookiji.schemas.reservation.ReservationStateChanged;
import com.bookiji.reconciler.invariants.application.Audit;
import com.bookiji.reconciler.observation.application.ReadModel;
import com.bookiji.reconciler.stripe.application.StripeReconciliation;
import com.bookiji.reconciler.stripe.application.StripePaymentIntents;
import com.bookiji.reconciler.repairs.application.RepairExecution;
import com.bookiji.reconciler.repairs.application.RepairProperties;
import com.bookiji.reconciler.repairs.application.RepairStore;
import com.bookiji.reconciler.repairs.application.Repairs;
import com.bookiji.schemas.availability.HoldReleased;
import com.bookiji.schemas.availability.CancelBooking;
import com.bookiji.schemas.payment.CapturePayment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import com.bookiji.stripesim.StripeSimulator;
import com.bookiji.stripesim.StripeSimulatorConfig;
import com.stripe.StripeClient;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Dispute;
import com.stripe.param.DisputeListParams;
import com.bookiji.schemas.payment.PaymentDisputed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after its class: a second reconciler context in this JVM (ConsoleIT) would share its consumer groups.
@org.springframework.test.annotation.DirtiesContext
@DisplayName("the reconciler observes what happens on the topics")
class ReconcilerIT {

  private static final String JWT_SECRET = "reconciler-it-secret-0123456789-abcdefghijklmnop";
  private static final TestInfrastructure INFRA = TestInfrastructure.shared();
  private static final TestDatabase DB = INFRA.createDatabase("reconciler");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final StripeSimulator STRIPE = StripeSimulator.start(StripeSimulatorConfig.builder().build());

  private static TopicWriter topics;

  @LocalServerPort
  int port;

  @Autowired
  ReadModel readModel;

  @Autowired
  Audit audit;

  @Autowired
  StripeReconciliation stripeReconciliation;

  @Autowired
  Repairs repairs;

  @Autowired
  RepairStore repairStore;

  @Autowired
  RepairExecution repairExecution;

  @Autowired
  ObjectProvider<StripePaymentIntents> stripeClients;

  @Autowired
  RepairProperties repairProperties;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    INFRA.springProperties(DB).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("bookiji.security.jwt.secret", () -> JWT_SECRET);
    registry.add("bookiji.reconciler.stripe.enabled", () -> "true");
    registry.add("bookiji.reconciler.stripe.api-base", STRIPE::baseUrl);
    registry.add("bookiji.reconciler.stripe.api-key", () -> StripeSimulatorConfig.DEFAULT_SECRET_KEY);
    registry.add("bookiji.reconciler.stripe.page-size", () -> "10");
    registry.add("bookiji.reconciler.stripe.grace", () -> "0s");
    registry.add("bookiji.reconciler.stripe.interval", () -> "1h");
    registry.add("bookiji.reconciler.lag.sample-interval", () -> "500ms");
  }

  @BeforeAll
  static void producer() {
    topics = new TopicWriter(INFRA);
  }

  @AfterAll
  static void closeProducer() {
    topics.close();
    STRIPE.close();
  }

  @Test
  @DisplayName("a reservation's messages from several topics come back as one ordered lifecycle, each once")
  void lifecycleAcrossTopics() throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    HoldSlot hold = HoldSlot.newBuilder().setReservationId(reservationId).setSlotId("s-1")
        .setRequesterId("alice").setHoldTtlSeconds(600).setOccurredAt(t0).build();
    SlotHeld held = SlotHeld.newBuilder().setReservationId(reservationId).setSlotId("s-1").setVendorId("v-1")
        .setHoldId("h-1").setExpiresAt(t0.plusSeconds(600)).setPriceAmountMinor(5000).setCurrency("EUR")
        .setSlotStartsAt(t0.plusSeconds(86400)).setSlotEndsAt(t0.plusSeconds(90000))
        .setOccurredAt(t0.plusMillis(50)).build();
    UUID heldEventId = UUID.randomUUID();

    // Published in the "wrong" order, and the SlotHeld twice (a redelivery): the lifecycle fixes both.
    topics.send(Topic.AVAILABILITY_EVENTS, reservationId, heldEventId, held);
    topics.send(Topic.AVAILABILITY_COMMANDS, reservationId, UUID.randomUUID(), hold);
    topics.send(Topic.AVAILABILITY_EVENTS, reservationId, heldEventId, held);

    String token = new TokenMinter(JWT_SECRET).mint("oncall", Role.OPS, Instant.now(), Instant.now().plusSeconds(600));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      HttpResponse<String> r = get("/ops/reservations/" + reservationId + "/lifecycle", token);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode messages = JSON.readTree(r.body()).get("messages");
      assertThat(messages.findValuesAsString("eventType"))
          .as("top-level and header eventType of each message, in order")
          .containsExactly("HoldSlot", "HoldSlot", "SlotHeld", "SlotHeld");
      assertThat(messages.get(1).get("payload").get("holdId").asString()).isEqualTo("h-1");
    });

    HttpResponse<String> summary = get("/ops/summary", token);
    assertThat(summary.statusCode()).isEqualTo(200);
    assertThat(summary.body()).contains("\"SlotHeld\"").contains("\"HoldSlot\"");
  }

  @Test
  @DisplayName("payloads are stored as jsonb, so on-call can query a field of any message")
  void payloadFieldsAreQueryable() throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.AVAILABILITY_COMMANDS, reservationId, UUID.randomUUID(), HoldSlot.newBuilder()
        .setReservationId(reservationId).setSlotId("s-json").setRequesterId("bob").setHoldTtlSeconds(300)
        .setOccurredAt(t0).build());

    JdbcClient db = JdbcClient.create(DB.dataSource());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(db.sql("""
                select payload->>'slotId' as slot, (payload->>'holdTtlSeconds')::int as ttl
                from observed_messages where payload->>'reservationId' = ?""")
            .param(reservationId)
            .query((rs, n) -> rs.getString("slot") + "/" + rs.getInt("ttl"))
            .list()).containsExactly("s-json/300"));
    assertThat(db.sql("select pg_typeof(payload)::text from observed_messages limit 1").query(String.class).single())
        .isEqualTo("jsonb");
  }

  @Test
  @DisplayName("money captured for a reservation that failed raises CAPTURE_WITHOUT_BOOKING; the refund resolves it")
  void seededCaptureWithoutBooking() throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    Instant capturedAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentAuthorized.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId("pi_leak").setAmountMinor(5000).setCurrency("EUR")
        .setOccurredAt(capturedAt.minusSeconds(60)).build());
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentCaptured.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId("pi_leak").setAmountCapturedMinor(5000)
        .setCurrency("EUR").setChargeId("ch_leak").setOccurredAt(capturedAt).build());
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
        "CAPTURE_PENDING", "FAILED_COMMIT", true, capturedAt.plusSeconds(1)));

    String token = opsToken();
    String query = "/ops/findings?code=CAPTURE_WITHOUT_BOOKING&reservationId=" + reservationId;
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode findings = JSON.readTree(get(query + "&state=OPEN", token).body()).get("findings");
      assertThat(findings).hasSize(1);
      assertThat(findings.get(0).get("breakId").asString()).isEqualTo("CAPTURE_WITHOUT_BOOKING:" + reservationId);
      assertThat(findings.get(0).get("severity").asString()).isEqualTo("CRITICAL");
      assertThat(findings.get(0).get("detail").asString()).contains("FAILED_COMMIT");
    });
    assertThat(get("/actuator/prometheus", token).body())
        .containsPattern("bookiji_reconciler_findings_open\\{code=\"CAPTURE_WITHOUT_BOOKING\",severity=\"CRITICAL\"} [1-9]");
    assertThat(JSON.readTree(get(query + "&minAge=PT0S", token).body()).get("findings")).hasSize(1);
    assertThat(JSON.readTree(get(query + "&minAge=P1D", token).body()).get("findings")).as("not a day old").isEmpty();

    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentRefunded.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId("pi_leak").setRefundId("re_leak").setAmountMinor(5000)
        .setCurrency("EUR").setOccurredAt(Instant.now()).build());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode finding = JSON.readTree(get(query, token).body()).get("findings").get(0);
      assertThat(finding.get("state").asString()).isEqualTo("RESOLVED");
      assertThat(finding.get("resolvedBy").asString()).isEqualTo("auditor");
    });
  }

  @Test
  @DisplayName("a healthy run of hundreds of reservations (confirmed, and expired with their money and hold released) raises nothing")
  void hundredsOfHealthyReservationsRaiseNothing() throws Exception {
    List<String> reservations = new java.util.ArrayList<>();
    Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    for (int i = 0; i < 300; i++) {
      String reservationId = "r-healthy-" + UUID.randomUUID();
      reservations.add(reservationId);
      String slotId = "s-" + reservationId;
      String holdId = "h-" + reservationId;
      String pi = "pi_" + reservationId;
      topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), ReservationRequested.newBuilder()
          .setReservationId(reservationId).setSlotId(slotId).setRequesterId("alice").setIdempotencyKey(null)
          .setOccurredAt(t0).build());
      topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), SlotHeld.newBuilder()
          .setReservationId(reservationId).setSlotId(slotId).setVendorId("v-1").setHoldId(holdId)
          .setExpiresAt(t0.plusSeconds(900)).setPriceAmountMinor(5000).setCurrency("EUR")
          .setSlotStartsAt(t0.plusSeconds(86400)).setSlotEndsAt(t0.plusSeconds(90000)).setOccurredAt(t0.plusSeconds(1))
          .build());
      topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentAuthorized.newBuilder()
          .setReservationId(reservationId).setPaymentIntentId(pi).setAmountMinor(5000).setCurrency("EUR")
          .setOccurredAt(t0.plusSeconds(5)).build());
      if (i % 3 == 0) { // nobody confirmed in time: the saga voided, released and ended EXPIRED
        topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentVoided.newBuilder()
            .setReservationId(reservationId).setPaymentIntentId(pi).setOccurredAt(t0.plusSeconds(600)).build());
        topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), HoldReleased.newBuilder()
            .setReservationId(reservationId).setSlotId(slotId).setHoldId(holdId).setOccurredAt(t0.plusSeconds(601)).build());
        topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
            "COMPENSATING", "EXPIRED", true, t0.plusSeconds(602)));
      } else {
        topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), HoldCommitted.newBuilder()
            .setReservationId(reservationId).setSlotId(slotId).setHoldId(holdId)
            .setBookingId("b-" + reservationId).setOccurredAt(t0.plusSeconds(10)).build());
        topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentCaptured.newBuilder()
            .setReservationId(reservationId).setPaymentIntentId(pi).setAmountCapturedMinor(5000)
            .setCurrency("EUR").setChargeId("ch_" + reservationId).setOccurredAt(t0.plusSeconds(11)).build());
        topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
            "CAPTURE_PENDING", "CONFIRMED", true, t0.plusSeconds(12)));
      }
    }
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
        reservations.stream().allMatch(r -> readModel.snapshot().reservation(r).map(v -> v.terminal()).orElse(false)));
    audit.run();
    java.util.Set<String> mine = new java.util.HashSet<>(reservations);
    assertThat(audit.findings(new FindingFilter(null, null, null, null)).stream()
        .filter(f -> mine.contains(f.reservationId())).toList()).as("findings about healthy reservations").isEmpty();
    assertThat(audit.pending().stream().filter(p -> mine.contains(p.finding().reservationId())).toList()).isEmpty();
  }

  @Test
  @DisplayName("a reservation confirmed end to end raises no finding")
  void healthyReservationRaisesNothing() throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    String slotId = "s-" + UUID.randomUUID();
    Instant t0 = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), ReservationRequested.newBuilder()
        .setReservationId(reservationId).setSlotId(slotId).setRequesterId("alice").setIdempotencyKey(null)
        .setOccurredAt(t0).build());
    topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), SlotHeld.newBuilder()
        .setReservationId(reservationId).setSlotId(slotId).setVendorId("v-1").setHoldId("h-" + reservationId)
        .setExpiresAt(t0.plusSeconds(900)).setPriceAmountMinor(5000).setCurrency("EUR")
        .setSlotStartsAt(t0.plusSeconds(86400)).setSlotEndsAt(t0.plusSeconds(90000)).setOccurredAt(t0.plusSeconds(1))
        .build());
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentAuthorized.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId("pi_" + reservationId).setAmountMinor(5000)
        .setCurrency("EUR").setOccurredAt(t0.plusSeconds(5)).build());
    topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), HoldCommitted.newBuilder()
        .setReservationId(reservationId).setSlotId(slotId).setHoldId("h-" + reservationId)
        .setBookingId("b-" + reservationId).setOccurredAt(t0.plusSeconds(10)).build());
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentCaptured.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId("pi_" + reservationId).setAmountCapturedMinor(5000)
        .setCurrency("EUR").setChargeId("ch_" + reservationId).setOccurredAt(t0.plusSeconds(11)).build());
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
        "CAPTURE_PENDING", "CONFIRMED", true, t0.plusSeconds(12)));

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      var snapshot = readModel.snapshot();
      assertThat(snapshot.reservation(reservationId)).get().extracting(r -> r.state()).isEqualTo("CONFIRMED");
      assertThat(snapshot.holdsOfReservation(reservationId)).singleElement()
          .satisfies(h -> assertThat(h.liveBooking()).isTrue());
      assertThat(snapshot.ledgers().get(reservationId).posted()).containsEntry("EUR", 5000L);
    });
    audit.run();
    assertThat(audit.pending()).as("nothing seen, so nothing pending")
        .noneMatch(p -> reservationId.equals(p.finding().reservationId()));

    JsonNode findings = JSON.readTree(get("/ops/findings?reservationId=" + reservationId, opsToken()).body())
        .get("findings");
    assertThat(findings).isEmpty();
  }

  @Test
  @DisplayName("findings are OPS-only, filters are checked, and a manual resolution needs a note")
  void findingsApiRefusesBadInput() throws Exception {
    String token = opsToken();
    assertThat(get("/ops/findings?severity=SEVERE", token).body()).contains("INVALID_FILTER");
    assertThat(get("/ops/findings?code=NO_SUCH_CHECK", token).statusCode()).isEqualTo(400);
    assertThat(get("/ops/findings?minAge=yesterday", token).body()).contains("INVALID_FILTER");
    assertThat(get("/ops/findings?minAge=-PT5M", token).statusCode()).isEqualTo(400);
    assertThat(get("/ops/findings/SAGA_STUCK:nobody", token).body()).contains("FINDING_NOT_FOUND");
    assertThat(post("/ops/findings/SAGA_STUCK:nobody/resolve", "{\"note\": \"\"}", token).body())
        .contains("RESOLUTION_NOTE_REQUIRED");
    String requester = new TokenMinter(JWT_SECRET).mint("alice", Role.REQUESTER, Instant.now(), Instant.now().plusSeconds(600));
    assertThat(get("/ops/findings", requester).statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("an unreadable message does not stop the auditor: it is dead-lettered, recorded as a finding, and the next one is observed")
  void unreadableMessageIsRecordedAndTheRestContinues() throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(Topic.RESERVATION_EVENTS.topicName(), reservationId,
        "not avro at all".getBytes(StandardCharsets.UTF_8));
    TopicWriter.header(garbage, MessageHeaders.EVENT_ID, UUID.randomUUID().toString());
    TopicWriter.header(garbage, MessageHeaders.CORRELATION_ID, reservationId);
    topics.send(garbage);
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId, null,
        "HOLD_PENDING", false, Instant.now()));

    String token = opsToken();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode findings = JSON.readTree(get("/ops/findings?code=DEAD_LETTERED_MESSAGE&reservationId=" + reservationId,
          token).body()).get("findings");
      assertThat(findings).hasSize(1);
      assertThat(findings.get(0).get("subjectId").asString()).startsWith("reservation.events-dlt:");
      assertThat(findings.get(0).get("detail").asString()).contains("DESERIALIZATION");
      JsonNode messages = JSON.readTree(get("/ops/reservations/" + reservationId + "/lifecycle", token).body())
          .get("messages");
      assertThat(messages.findValuesAsString("topic")).contains("reservation.events", "reservation.events-dlt");
    });
  }

  @Test
  @DisplayName("PaymentIntents at Stripe without a reservation are found over several pages; one with a reservation is not")
  void orphanPaymentIntentsOverSeveralPages() throws Exception {
    String known = "r-" + UUID.randomUUID();
    topics.send(Topic.RESERVATION_EVENTS, known, UUID.randomUUID(), ReservationRequested.newBuilder()
        .setReservationId(known).setSlotId("s-known").setRequesterId("alice").setIdempotencyKey(null)
        .setOccurredAt(Instant.now()).build());
    StripeClient stripe = StripeClient.builder().setApiKey(StripeSimulatorConfig.DEFAULT_SECRET_KEY).setApiBase(STRIPE.baseUrl()).build();
    String knownIntent = createIntent(stripe, known);
    java.util.List<String> orphans = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      orphans.add(createIntent(stripe, "r-never-observed-" + UUID.randomUUID()));
    }
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
        .until(() -> readModel.snapshot().reservation(known).isPresent());

    var listing = stripeReconciliation.list();
    assertThat(listing.pages()).as("page size 10: more than one page").isGreaterThanOrEqualTo(3);
    assertThat(listing.intents()).extracting(i -> i.id()).contains(knownIntent).containsAll(orphans);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      audit.run(); // raised once confirmed (bookiji.reconciler.audit.confirm-after)
      JsonNode findings = JSON.readTree(get("/ops/findings?code=ORPHAN_PAYMENT_INTENT&state=OPEN", opsToken()).body())
          .get("findings");
      assertThat(findings.findValuesAsString("subjectId")).containsAll(orphans).doesNotContain(knownIntent);
    });
  }

  @Test
  @DisplayName("a stuck hold is released by the auditor exactly once, also when the finding is seen again after a restart; the finding is published")
  void stuckHoldIsReleasedOnce() throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    String holdId = "h-" + reservationId;
    Instant t0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), SlotHeld.newBuilder()
        .setReservationId(reservationId).setSlotId("s-" + reservationId).setVendorId("v-1").setHoldId(holdId)
        .setExpiresAt(t0.plusSeconds(60)).setPriceAmountMinor(5000).setCurrency("EUR")
        .setSlotStartsAt(t0.plusSeconds(86400)).setSlotEndsAt(t0.plusSeconds(90000)).setOccurredAt(t0).build());

    String breakId = "HOLD_NOT_RESOLVED:" + holdId;
    awaitCommandSent("ReleaseHold", reservationId);
    JsonNode repair = JSON.readTree(get("/ops/repairs/repair:" + breakId, opsToken()).body());
    assertThat(repair.get("status").asString()).isEqualTo("SENT");
    assertThat(repair.get("mode").asString()).isEqualTo("AUTO");
    assertThat(repair.get("decidedBy").asString()).isEqualTo("auditor");
    assertThat(db().sql("select event_type from observed_messages where topic = 'reconciler.findings' and message_key = ?")
        .param(breakId).query(String.class).list()).contains("InvariantViolationFound");

    // The finding is still open (the owner has not answered): seen again, and by a fresh instance as after a restart.
    audit.run();
    repairs.run();
    new Repairs(audit, readModel, repairStore, repairExecution, stripeClients, repairProperties, Clock.systemUTC(),
        new SimpleMeterRegistry()).run();
    assertThat(commandsSentAfterQuietPeriod("ReleaseHold", reservationId)).isEqualTo(1);

    topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), HoldReleased.newBuilder()
        .setReservationId(reservationId).setSlotId("s-" + reservationId).setHoldId(holdId)
        .setOccurredAt(Instant.now()).build());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(JSON.readTree(get("/ops/repairs/repair:" + breakId, opsToken()).body()).get("status").asString())
          .isEqualTo("SUCCEEDED");
      assertThat(db().sql("select event_type from observed_messages where topic = 'reconciler.findings' and message_key = ?")
          .param(breakId).query(String.class).list()).contains("InvariantViolationFound", "InvariantViolationResolved");
    });
  }

  @Test
  @DisplayName("an authorization left open after its reservation ended is voided by the auditor, once")
  void openAuthorizationIsVoided() throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    Instant ended = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentAuthorized.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId("pi_open_" + reservationId).setAmountMinor(5000)
        .setCurrency("EUR").setOccurredAt(ended.minusSeconds(60)).build());
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
        "AWAITING_CONFIRMATIONS", "EXPIRED", true, ended));

    awaitCommandSent("VoidPayment", reservationId);
    audit.run();
    repairs.run();
    assertThat(commandsSentAfterQuietPeriod("VoidPayment", reservationId)).isEqualTo(1);
  }

  @Test
  @DisplayName("a refund of a capture without booking is proposed, sent once when an OPS user approves, and never twice")
  void refundIsProposedAndApprovedOnce() throws Exception {
    String reservationId = seedCaptureWithoutBooking("pi_refund_");
    String repairPath = "/ops/repairs/repair:CAPTURE_WITHOUT_BOOKING:" + reservationId;
    awaitRepairStatus(repairPath, "PROPOSED");
    assertThat(commandsSent("RefundPayment", reservationId)).isZero();

    HttpResponse<String> approved = post(repairPath + "/approve", "{}", opsToken());
    assertThat(approved.statusCode()).isEqualTo(200);
    JsonNode repair = JSON.readTree(approved.body());
    assertThat(repair.get("status").asString()).isEqualTo("SENT");
    assertThat(repair.get("decidedBy").asString()).isEqualTo("oncall");
    HttpResponse<String> again = post(repairPath + "/approve", "{}", opsToken());
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("REPAIR_TRANSITION_REFUSED");
    awaitCommandSent("RefundPayment", reservationId);
    assertThat(commandsSentAfterQuietPeriod("RefundPayment", reservationId)).isEqualTo(1);
  }

  @Test
  @DisplayName("a proposed refund is refused when the reservation became CONFIRMED meanwhile; a rejection needs a note")
  void refundRefusedWhenStateChanged() throws Exception {
    String reservationId = seedCaptureWithoutBooking("pi_confirmed_");
    String repairPath = "/ops/repairs/repair:CAPTURE_WITHOUT_BOOKING:" + reservationId;
    awaitRepairStatus(repairPath, "PROPOSED");
    assertThat(post(repairPath + "/reject", "{}", opsToken()).body()).contains("REJECTION_NOTE_REQUIRED");

    // The saga's own late events arrive: the booking was committed after all.
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
        "FAILED_COMMIT", "CONFIRMED", true, Instant.now()));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(readModel.snapshot().reservation(reservationId)).get().extracting(r -> r.state()).isEqualTo("CONFIRMED"));
    HttpResponse<String> approved = post(repairPath + "/approve", "{}", opsToken());
    if (approved.statusCode() == 200) {
      JsonNode repair = JSON.readTree(approved.body());
      assertThat(repair.get("status").asString()).isEqualTo("REFUSED");
      assertThat(repair.get("outcome").asString()).contains("CONFIRMED");
    } else { // the auditor saw the finding resolve first and withdrew the proposal
      assertThat(approved.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(get(repairPath, opsToken()).body()).get("status").asString()).isEqualTo("REFUSED");
    }
    assertThat(commandsSentAfterQuietPeriod("RefundPayment", reservationId)).isZero();
  }

  @Test
  @DisplayName("an orphan PaymentIntent is cancelled at Stripe once an OPS user approves")
  void orphanIntentIsCancelledOnApproval() throws Exception {
    StripeClient stripe = StripeClient.builder().setApiKey(StripeSimulatorConfig.DEFAULT_SECRET_KEY)
        .setApiBase(STRIPE.baseUrl()).build();
    String orphan = createIntent(stripe, "r-never-" + UUID.randomUUID());
    stripeReconciliation.list();
    String repairPath = "/ops/repairs/repair:ORPHAN_PAYMENT_INTENT:" + orphan;
    awaitRepairStatus(repairPath, "PROPOSED");
    assertThat(stripe.v1().paymentIntents().retrieve(orphan).getStatus()).isNotEqualTo("canceled");

    JsonNode repair = JSON.readTree(post(repairPath + "/approve", "{}", opsToken()).body());
    assertThat(repair.get("status").asString()).isEqualTo("SENT");
    assertThat(stripe.v1().paymentIntents().retrieve(orphan).getStatus()).isEqualTo("canceled");

    stripeReconciliation.list();
    audit.run();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(JSON.readTree(get(repairPath, opsToken()).body()).get("status").asString()).isEqualTo("SUCCEEDED"));
  }

  @Test
  @DisplayName("repairs are OPS-only and an unknown one is a 404 problem")
  void repairsApiRefusesBadInput() throws Exception {
    String requester = new TokenMinter(JWT_SECRET).mint("alice", Role.REQUESTER, Instant.now(), Instant.now().plusSeconds(600));
    assertThat(get("/ops/repairs", requester).statusCode()).isEqualTo(403);
    HttpResponse<String> unknown = post("/ops/repairs/repair:nothing/approve", "{}", opsToken());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("REPAIR_NOT_FOUND");
  }

  @Test
  @DisplayName("lag-aware grace: a stuck hold is pending while its owner's consumer is behind, and raised once it caught up")
  void lagAwareGrace() throws Exception {
    String group = "paused-owner-" + UUID.randomUUID();
    String reservationId = "r-" + UUID.randomUUID();
    String holdId = "h-" + reservationId;
    String breakId = "HOLD_NOT_RESOLVED:" + holdId;
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<byte[], byte[]> owner = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers()))) {
      List<TopicPartition> partitions = owner.partitionsFor(Topic.AVAILABILITY_COMMANDS.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      owner.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> caughtUp = new java.util.HashMap<>();
      owner.endOffsets(partitions).forEach((tp, end) -> caughtUp.put(tp, new OffsetAndMetadata(end)));
      owner.commitSync(caughtUp);

      // The owner stops consuming: the next command waits, and the hold's deadline passes meanwhile.
      Instant lagStarted = Instant.now();
      topics.send(Topic.AVAILABILITY_COMMANDS, reservationId, UUID.randomUUID(), CancelBooking.newBuilder()
          .setReservationId(reservationId).setBookingId("b-waiting").setReason("waits for the paused owner")
          .setOccurredAt(lagStarted).build());
      Instant expiresAt = lagStarted.minus(Duration.ofSeconds(30)).plusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
      topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), SlotHeld.newBuilder()
          .setReservationId(reservationId).setSlotId("s-" + reservationId).setVendorId("v-1").setHoldId(holdId)
          .setExpiresAt(expiresAt).setPriceAmountMinor(5000).setCurrency("EUR")
          .setSlotStartsAt(lagStarted.plusSeconds(86400)).setSlotEndsAt(lagStarted.plusSeconds(90000))
          .setOccurredAt(lagStarted.minusSeconds(600)).build());

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
        assertThat(Instant.now()).as("past TTL + grace").isAfter(lagStarted.plusSeconds(12));
        audit.run();
        JsonNode pending = JSON.readTree(get("/ops/findings/pending", opsToken()).body()).get("pending");
        assertThat(pending.findValuesAsString("breakId")).contains(breakId);
        JsonNode mine = java.util.stream.StreamSupport.stream(pending.spliterator(), false)
            .filter(n -> n.get("breakId").asString().equals(breakId)).findFirst().orElseThrow();
        assertThat(mine.get("detail").asString()).startsWith("pending: consumer " + group + " is ");
        assertThat(mine.get("consumerGroup").asString()).isEqualTo(group);
      });
      assertThat(breakIdOrNull(breakId)).as("not raised while only pending").isNull();

      owner.commitSync(owner.endOffsets(partitions).entrySet().stream().collect(java.util.stream.Collectors.toMap(
          Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))));
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
        audit.run();
        HttpResponse<String> r = get("/ops/findings/" + breakId, opsToken());
        assertThat(r.statusCode()).as("raised once the owner caught up").isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("state").asString()).isIn("OPEN", "RESOLVED");
      });
      owner.close();
      admin.deleteConsumerGroups(List.of(group)).all().get(); // its committed offsets would lag behind later tests
    } finally {
      owner.close();
    }
  }

  /** The finding, or null when the auditor never raised it. */
  private String breakIdOrNull(String breakId) {
    try {
      audit.finding(breakId);
      return breakId;
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Test
  @DisplayName("replaying every topic from the start into an empty model gives the live model, dead letters included")
  void replayRebuildsTheSameModel() throws Exception {
    String reservationId = seedCaptureWithoutBooking("pi_replay_");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(readModel.snapshot().reservation(reservationId)).isPresent());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      HttpResponse<String> r = post("/ops/model/replay", "{}", opsToken());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode comparison = JSON.readTree(r.body());
      assertThat(comparison.get("differences")).isEmpty();
      assertThat(comparison.get("identical").asBoolean()).isTrue();
      assertThat(comparison.get("messages").asLong()).isPositive();
      assertThat(comparison.get("ledgers").asInt()).isPositive();
    });
  }

  @Test
  @DisplayName("a refund made directly at Stripe (outside the saga) is found as STRIPE_STATE_MISMATCH")
  void refundOutsideTheSagaIsFound() throws Exception {
    StripeClient stripe = stripeClient();
    PaymentIntent pi = confirmedAtStripe(stripe, "pm_card_visa", "ch_x");
    String reservationId = pi.getMetadata().get("reservation_id");
    String query = "/ops/findings?code=STRIPE_STATE_MISMATCH&reservationId=" + reservationId;
    stripeReconciliation.list();
    audit.run();
    assertThat(JSON.readTree(get(query, opsToken()).body()).get("findings")).as("Stripe and the ledger agree").isEmpty();
    assertThat(audit.pending()).as("nothing about it pending either")
        .noneMatch(p -> reservationId.equals(p.finding().reservationId()));

    Refund dashboardRefund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi.getId())
        .setAmount(1500L).build());
    stripeReconciliation.list();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      audit.run();
      JsonNode findings = JSON.readTree(get(query, opsToken()).body()).get("findings");
      assertThat(findings).hasSize(1);
      assertThat(findings.get(0).get("detail").asString()).contains("refunded at Stripe 1500, in our ledger 0")
          .contains(dashboardRefund.getId());
    });
  }

  @Test
  @DisplayName("a dispute opened at Stripe that the ledger does not know is found as STRIPE_STATE_MISMATCH, and resolves once PaymentDisputed arrives")
  void disputeIsFound() throws Exception {
    StripeClient stripe = stripeClient();
    PaymentIntent pi = confirmedAtStripe(stripe, "pm_card_createDispute", "ch_d");
    String reservationId = pi.getMetadata().get("reservation_id");

    String query = "/ops/findings?code=STRIPE_STATE_MISMATCH&reservationId=" + reservationId;
    Dispute dispute = stripe.v1().disputes().list(DisputeListParams.builder().setPaymentIntent(pi.getId()).build())
        .getData().get(0);
    stripeReconciliation.list();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      audit.run();
      JsonNode findings = JSON.readTree(get(query, opsToken()).body()).get("findings");
      assertThat(findings).hasSize(1);
      assertThat(findings.get(0).get("detail").asString()).contains("dispute " + dispute.getId())
          .contains("is not in our ledger");
    });

    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentDisputed.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId(pi.getId()).setDisputeId(dispute.getId())
        .setChargeId(dispute.getCharge()).setAmountMinor(dispute.getAmount()).setCurrency("EUR")
        .setStatus(dispute.getStatus()).setReason(dispute.getReason()).setOccurredAt(Instant.now()).build());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      audit.run();
      JsonNode now = JSON.readTree(get(query, opsToken()).body()).get("findings");
      assertThat(now.get(0).get("state").asString()).isEqualTo("RESOLVED");
    });
  }

  @Test
  @DisplayName("the finance report's totals equal the simulator's records for confirmations, a decline, a void, a partial and an external refund; residual 0; the external refund is a discrepancy with its finding")
  void financeReportMatchesTheSimulator() throws Exception {
    StripeClient stripe = stripeClient();
    Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    PaymentIntent first = chfConfirmed(stripe, 5000, t0);
    PaymentIntent second = chfConfirmed(stripe, 3000, t0);
    // The saga refunds part of the second; someone refunds part of the first at the Dashboard.
    Refund sagaRefund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(second.getId())
        .setAmount(1000L).build());
    String secondReservation = second.getMetadata().get("reservation_id");
    topics.send(Topic.PAYMENT_EVENTS, secondReservation, UUID.randomUUID(), PaymentRefunded.newBuilder()
        .setReservationId(secondReservation).setPaymentIntentId(second.getId()).setRefundId(sagaRefund.getId())
        .setAmountMinor(1000).setCurrency("CHF").setCapturedRemainingMinor(2000L).setOccurredAt(t0.plusSeconds(30)).build());
    Refund dashboardRefund = stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(first.getId())
        .setAmount(700L).build());
    // A declined card, and an authorization voided when its hold expired.
    String declined = "r-chf-declined-" + UUID.randomUUID();
    PaymentIntent declinedIntent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(4000L).setCurrency("chf").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .addPaymentMethodType("card").putMetadata("reservation_id", declined).build());
    try {
      stripe.v1().paymentIntents().confirm(declinedIntent.getId(),
          com.stripe.param.PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclined").build());
    } catch (com.stripe.exception.CardException expected) {
      // declined, as the card says
    }
    topics.send(Topic.RESERVATION_EVENTS, declined, UUID.randomUUID(), chfState(declined, "FAILED_PAYMENT", true, 4000, t0));
    String voided = "r-chf-voided-" + UUID.randomUUID();
    PaymentIntent voidedIntent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
        .setAmount(2500L).setCurrency("chf").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .addPaymentMethodType("card").setPaymentMethod("pm_card_visa").setConfirm(true)
        .putMetadata("reservation_id", voided).build());
    stripe.v1().paymentIntents().cancel(voidedIntent.getId());
    topics.send(Topic.PAYMENT_EVENTS, voided, UUID.randomUUID(), PaymentAuthorized.newBuilder().setReservationId(voided)
        .setPaymentIntentId(voidedIntent.getId()).setAmountMinor(2500).setCurrency("CHF").setOccurredAt(t0).build());
    topics.send(Topic.PAYMENT_EVENTS, voided, UUID.randomUUID(), PaymentVoided.newBuilder().setReservationId(voided)
        .setPaymentIntentId(voidedIntent.getId()).setOccurredAt(t0.plusSeconds(60)).build());
    topics.send(Topic.RESERVATION_EVENTS, voided, UUID.randomUUID(), chfState(voided, "EXPIRED", true, 2500, t0.plusSeconds(60)));

    String firstReservation = first.getMetadata().get("reservation_id");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(readModel.snapshot().ledgers().get(secondReservation).refunds()).hasSize(1);
      assertThat(readModel.snapshot().reservation(voided).map(r -> r.state())).contains("EXPIRED");
      assertThat(readModel.snapshot().reservation(declined).map(r -> r.state())).contains("FAILED_PAYMENT");
    });
    stripeReconciliation.list();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      audit.run();
      assertThat(audit.findings(new FindingFilter("STRIPE_STATE_MISMATCH", null, null, firstReservation))).hasSize(1);
    });

    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    String period = "from=" + today.minusDays(1) + "&to=" + today;
    HttpResponse<String> json = get("/ops/reports/finance?" + period, opsToken());
    assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    JsonNode report = JSON.readTree(json.body());
    JsonNode chf = report.get("report").get("totals").get("CHF");

    // The simulator's own records, in CHF: every intent, charge and refund it holds.
    com.google.gson.JsonObject records = STRIPE.control().objects();
    long authorized = 0, voidedTotal = 0, declinedTotal = 0, open = 0, captured = 0, refunded = 0;
    for (var e : records.getAsJsonArray("payment_intents")) {
      var pi = e.getAsJsonObject();
      if (!pi.get("currency").getAsString().equals("chf")) {
        continue;
      }
      long amount = pi.get("amount").getAsLong();
      switch (pi.get("status").getAsString()) {
        case "succeeded" -> authorized += amount;
        case "canceled" -> { authorized += amount; voidedTotal += amount; }
        case "requires_capture" -> { authorized += amount; open += amount; }
        default -> declinedTotal += amount;
      }
    }
    for (var e : records.getAsJsonArray("charges")) {
      var ch = e.getAsJsonObject();
      if (ch.get("currency").getAsString().equals("chf") && ch.get("captured").getAsBoolean()) {
        captured += ch.get("amount_captured").getAsLong();
      }
    }
    for (var e : records.getAsJsonArray("refunds")) {
      var re = e.getAsJsonObject();
      if (re.get("currency").getAsString().equals("chf") && !re.get("status").getAsString().equals("failed")) {
        refunded += re.get("amount").getAsLong();
      }
    }
    assertThat(List.of(authorized, captured, voidedTotal, refunded, declinedTotal, open))
        .as("the simulator holds what this test did").containsExactly(10_500L, 8000L, 2500L, 1700L, 4000L, 0L);
    assertThat(chf.get("AUTHORIZED").asLong()).isEqualTo(authorized);
    assertThat(chf.get("CAPTURED").asLong()).isEqualTo(captured);
    assertThat(chf.get("VOIDED").asLong()).isEqualTo(voidedTotal);
    assertThat(chf.get("REFUNDED").asLong()).isEqualTo(refunded);
    assertThat(chf.get("DECLINED").asLong()).isEqualTo(declinedTotal);
    assertThat(chf.has("OPEN_AUTHORIZATION")).isFalse();

    JsonNode bridge = null;
    for (JsonNode b : report.get("report").get("bridge")) {
      if (b.get("currency").asString().equals("CHF")) {
        bridge = b;
      }
    }
    assertThat(bridge).isNotNull();
    assertThat(bridge.get("bookingsMinor").asLong()).isEqualTo(8000);
    assertThat(bridge.get("stripeNetMinor").asLong()).isEqualTo(8000 - 1700);
    assertThat(bridge.get("residualMinor").asLong()).isZero();

    List<JsonNode> discrepancies = new java.util.ArrayList<>();
    report.get("report").get("discrepancies").forEach(d -> {
      if (d.get("currency").asString().equals("CHF")) {
        discrepancies.add(d);
      }
    });
    assertThat(discrepancies).singleElement().satisfies(d -> {
      assertThat(d.get("stripeId").asString()).isEqualTo(dashboardRefund.getId());
      assertThat(d.get("findingBreakId").asString()).isEqualTo("STRIPE_STATE_MISMATCH:" + first.getId());
      assertThat(d.get("bookingId").asString()).isEqualTo("b-" + firstReservation);
    });

    HttpResponse<String> csv = get("/ops/reports/finance?" + period + "&format=csv", opsToken());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/csv"));
    List<org.apache.commons.csv.CSVRecord> rows = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
        .setSkipHeaderRecord(true).get().parse(new java.io.StringReader(csv.body())).getRecords();
    assertThat(rows.stream().filter(r -> r.get("record").equals("LINE")).count())
        .isEqualTo(report.get("report").get("lines").size());
    assertThat(rows).anySatisfy(r -> {
      assertThat(r.get("record")).isEqualTo("BRIDGE");
      assertThat(r.get("currency")).isEqualTo("CHF");
      assertThat(r.get("note")).isEqualTo("residual");
      assertThat(r.get("amount_minor")).isEqualTo("0");
    });
    assertThat(rows).anySatisfy(r -> {
      assertThat(r.get("record")).isEqualTo("TOTAL");
      assertThat(r.get("day")).isEqualTo("ALL");
      assertThat(r.get("currency")).isEqualTo("CHF");
      assertThat(r.get("category")).isEqualTo("CAPTURED");
      assertThat(r.get("amount_minor")).isEqualTo("8000");
    });

    HttpResponse<String> badPeriod = get("/ops/reports/finance?from=" + today + "&to=" + today.minusDays(2), opsToken());
    assertThat(badPeriod.statusCode()).isEqualTo(400);
    assertThat(badPeriod.body()).contains("INVALID_REPORT_PERIOD");
  }

  /** A CHF reservation captured at the simulator and confirmed with its booking in the model. */
  private PaymentIntent chfConfirmed(StripeClient stripe, long amount, Instant t0) throws Exception {
    String reservationId = "r-chf-" + UUID.randomUUID();
    PaymentIntent pi = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(amount)
        .setCurrency("chf").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .addPaymentMethodType("card").setPaymentMethod("pm_card_visa").setConfirm(true)
        .putMetadata("reservation_id", reservationId).build());
    PaymentIntent capturedPi = stripe.v1().paymentIntents().capture(pi.getId());
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentAuthorized.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId(pi.getId()).setAmountMinor(amount).setCurrency("CHF")
        .setOccurredAt(t0).build());
    topics.send(Topic.AVAILABILITY_EVENTS, reservationId, UUID.randomUUID(), HoldCommitted.newBuilder()
        .setReservationId(reservationId).setSlotId("s-" + reservationId).setHoldId("h-" + reservationId)
        .setBookingId("b-" + reservationId).setOccurredAt(t0.plusSeconds(5)).build());
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentCaptured.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId(pi.getId()).setAmountCapturedMinor(amount)
        .setCurrency("CHF").setChargeId(capturedPi.getLatestCharge()).setOccurredAt(t0.plusSeconds(10)).build());
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(),
        chfState(reservationId, "CONFIRMED", true, amount, t0.plusSeconds(11)));
    return capturedPi;
  }

  private static ReservationStateChanged chfState(String reservationId, String to, boolean terminal, long amount,
      Instant at) {
    return ReservationStateChanged.newBuilder().setReservationId(reservationId).setPreviousState(null).setState(to)
        .setTrigger("test").setTerminal(terminal).setVendorId(null).setAmountMinor(amount).setCurrency("CHF")
        .setDetail(null).setOccurredAt(at).build();
  }

  private static StripeClient stripeClient() {
    return StripeClient.builder().setApiKey(StripeSimulatorConfig.DEFAULT_SECRET_KEY).setApiBase(STRIPE.baseUrl()).build();
  }

  /**
   * A reservation captured at the simulator with {@code paymentMethod} and confirmed ten minutes ago in
   * the auditor's model (its ledger records the capture as {@code chargeId}); returns its PaymentIntent.
   */
  private PaymentIntent confirmedAtStripe(StripeClient stripe, String paymentMethod, String chargeId) throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    PaymentIntent pi = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(5000L)
        .setCurrency("eur").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .addPaymentMethodType("card").setPaymentMethod(paymentMethod).setConfirm(true)
        .putMetadata("reservation_id", reservationId).build());
    stripe.v1().paymentIntents().capture(pi.getId());
    Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentAuthorized.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId(pi.getId()).setAmountMinor(5000).setCurrency("EUR")
        .setOccurredAt(t0).build());
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentCaptured.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId(pi.getId()).setAmountCapturedMinor(5000)
        .setCurrency("EUR").setChargeId(chargeId).setOccurredAt(t0.plusSeconds(5)).build());
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
        "CAPTURE_PENDING", "CONFIRMED", true, t0.plusSeconds(6)));
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
        assertThat(readModel.snapshot().reservation(reservationId)).get().extracting(r -> r.state()).isEqualTo("CONFIRMED"));
    return pi;
  }

  private String seedCaptureWithoutBooking(String intentPrefix) throws Exception {
    String reservationId = "r-" + UUID.randomUUID();
    Instant capturedAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentAuthorized.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId(intentPrefix + reservationId).setAmountMinor(5000)
        .setCurrency("EUR").setOccurredAt(capturedAt.minusSeconds(60)).build());
    topics.send(Topic.PAYMENT_EVENTS, reservationId, UUID.randomUUID(), PaymentCaptured.newBuilder()
        .setReservationId(reservationId).setPaymentIntentId(intentPrefix + reservationId).setAmountCapturedMinor(5000)
        .setCurrency("EUR").setChargeId("ch_" + reservationId).setOccurredAt(capturedAt).build());
    topics.send(Topic.RESERVATION_EVENTS, reservationId, UUID.randomUUID(), stateChanged(reservationId,
        "CAPTURE_PENDING", "FAILED_COMMIT", true, capturedAt.plusSeconds(1)));
    return reservationId;
  }

  /** Commands of this type for the reservation, as the reconciler observed them on the owners' topics. */
  /** Waits until the reconciler has sent one command of this type for the reservation. */
  private void awaitCommandSent(String eventType, String reservationId) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(commandsSent(eventType, reservationId)).isEqualTo(1));
  }

  private int commandsSent(String eventType, String reservationId) {
    return db().sql("select count(*) from observed_messages where event_type = ? and reservation_id = ?")
        .param(eventType).param(reservationId).query(Integer.class).single();
  }

  /**
   * The count once everything the reconciler wrote is relayed and observed: after its outbox drained, a
   * marker sent on the same topic and key (so the same partition) is observed only after any command
   * written before it.
   */
  private int commandsSentAfterQuietPeriod(String eventType, String reservationId) throws Exception {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        db().sql("select count(*) from outbox").query(Integer.class).single() == 0);
    UUID marker = UUID.randomUUID();
    if ("ReleaseHold".equals(eventType)) {
      topics.send(Topic.AVAILABILITY_COMMANDS, reservationId, marker, CancelBooking.newBuilder().setReservationId(reservationId)
          .setBookingId("b-marker").setReason("test marker").setOccurredAt(Instant.now()).build());
    } else {
      topics.send(Topic.PAYMENT_COMMANDS, reservationId, marker, CapturePayment.newBuilder().setReservationId(reservationId)
          .setAmountMinor(1).setOccurredAt(Instant.now()).build());
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        db().sql("select count(*) from observed_messages where event_id::text = ?").param(marker.toString())
            .query(Integer.class).single() == 1);
    return commandsSent(eventType, reservationId);
  }

  private static JdbcClient db() {
    return JdbcClient.create(DB.dataSource());
  }

  private static String createIntent(StripeClient stripe, String reservationId) throws Exception {
    return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(5000L).setCurrency("eur")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL).addPaymentMethodType("card")
        .putMetadata("reservation_id", reservationId).build()).getId();
  }

  private static ReservationStateChanged stateChanged(String reservationId, String from, String to, boolean terminal,
      Instant at) {
    return ReservationStateChanged.newBuilder().setReservationId(reservationId).setPreviousState(from).setState(to)
        .setTrigger("test").setTerminal(terminal).setVendorId(null).setAmountMinor(5000L).setCurrency("EUR")
        .setDetail(null).setOccurredAt(at).build();
  }

  /** Waits until the repair at {@code repairPath} of the ops API has this status. */
  private void awaitRepairStatus(String repairPath, String status) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(JSON.readTree(get(repairPath, opsToken()).body()).get("status").asString()).isEqualTo(status));
  }

  private static String opsToken() {
    return new TokenMinter(JWT_SECRET).mint("oncall", Role.OPS, Instant.now(), Instant.now().plusSeconds(600));
  }

  private HttpResponse<String> post(String path, String json, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("an unknown reservation is a 404 problem with a stable code")
  void unknownReservation() throws Exception {
    String token = new TokenMinter(JWT_SECRET).mint("oncall", Role.OPS, Instant.now(), Instant.now().plusSeconds(600));
    HttpResponse<String> r = get("/ops/reservations/nobody-knows/lifecycle", token);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("RESERVATION_NOT_OBSERVED");
  }

  @Test
  @DisplayName("the ops endpoints refuse a requester")
  void opsOnly() throws Exception {
    String token = new TokenMinter(JWT_SECRET).mint("alice", Role.REQUESTER, Instant.now(), Instant.now().plusSeconds(600));
    assertThat(get("/ops/summary", token).statusCode()).isEqualTo(403);
    assertThat(get("/ops/summary", null).statusCode()).isEqualTo(401);
  }


  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
