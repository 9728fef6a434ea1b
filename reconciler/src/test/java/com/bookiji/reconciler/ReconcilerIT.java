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
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DisplayName("the reconciler observes what happens on the topics")
class ReconcilerIT {

  private static final String JWT_SECRET = "reconciler-it-secret-0123456789-abcdefghijklmnop";
  private static final TestInfrastructure INFRA = TestInfrastructure.shared();
  private static final TestDatabase DB = INFRA.createDatabase("reconciler");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static KafkaProducer<String, byte[]> producer;
  private static AvroWireFormat wire;

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    INFRA.springProperties(DB).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("bookiji.security.jwt.secret", () -> JWT_SECRET);
  }

  @BeforeAll
  static void producer() {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    wire = new AvroWireFormat(new SchemaRegistryClient(INFRA.schemaRegistryUrl()));
  }

  @AfterAll
  static void closeProducer() {
    producer.close();
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
    send(Topic.AVAILABILITY_EVENTS, reservationId, heldEventId, held);
    send(Topic.AVAILABILITY_COMMANDS, reservationId, UUID.randomUUID(), hold);
    send(Topic.AVAILABILITY_EVENTS, reservationId, heldEventId, held);

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

  private void send(Topic topic, String key, UUID eventId, SpecificRecord record) throws Exception {
    ProducerRecord<String, byte[]> pr = new ProducerRecord<>(topic.topicName(), key,
        wire.serialize(topic.topicName(), record));
    header(pr, MessageHeaders.EVENT_ID, eventId.toString());
    header(pr, MessageHeaders.EVENT_TYPE, record.getSchema().getName());
    header(pr, MessageHeaders.CORRELATION_ID, key);
    header(pr, MessageHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    producer.send(pr).get();
  }

  private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
