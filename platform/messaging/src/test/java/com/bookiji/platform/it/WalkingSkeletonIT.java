package com.bookiji.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.inbox.DeadLetterHeaders;
import com.bookiji.platform.inbox.internal.InboxJanitor;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.RelayRole;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TopicProbe;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("Walking skeleton: state change + outbox → Debezium → Kafka (Avro) → inbox → effect")
class WalkingSkeletonIT {

  @AutoClose
  static final Skeletons skeletons = new Skeletons();
  static final Duration DEADLINE = Duration.ofSeconds(30);
  static final String TOPIC = SkeletonApp.TOPIC.topicName();
  static final String DLT = SkeletonApp.TOPIC.deadLetterTopicName();

  static TestDatabase db;
  static ConfigurableApplicationContext app;
  static JdbcTemplate jdbc;
  static SkeletonApp.ReservationDesk desk;
  static TopicProbe probe;
  static String consumerName;

  @BeforeAll
  static void startApp() {
    db = skeletons.database("skeleton");
    consumerName = "skeleton-" + db.name();
    app = skeletons.start(db);
    jdbc = new JdbcTemplate(db.dataSource());
    desk = app.getBean(SkeletonApp.ReservationDesk.class);
    probe = skeletons.infra.topicProbe();
  }

  @Test
  @DisplayName("a committed state change is published as Confluent-wire-format Avro and applied once by the consumer")
  void happyPath() {
    String reservation = newId();
    UUID eventId = desk.requestHold(reservation, "slot-1");

    awaitApplied(reservation, 1);
    ProbedRecord record = probe.awaitRecords(TOPIC, r -> reservation.equals(r.key()), 1, DEADLINE)
        .get(0);
    assertThat(record.value()[0]).isEqualTo((byte) 0);
    assertThat(record.header(MessageHeaders.EVENT_ID)).isEqualTo(eventId.toString());
    assertThat(record.header(MessageHeaders.EVENT_TYPE)).isEqualTo("HoldSlot");
    assertThat(record.header(MessageHeaders.CORRELATION_ID)).isEqualTo(reservation);
    assertThat(record.header(MessageHeaders.TRACEPARENT)).startsWith("00-");
    HoldSlot payload = record.payload();
    assertThat(payload.getReservationId()).isEqualTo(reservation);
    assertThat(new SchemaRegistryClient(skeletons.infra.schemaRegistryUrl()).subjects())
        .contains(TOPIC + "-" + HoldSlot.getClassSchema().getFullName());
    assertThat(count("SELECT count(*) FROM inbox WHERE consumer = ? AND event_id = ?",
        consumerName, eventId)).isEqualTo(1);
  }

  @Test
  @DisplayName("relayed outbox rows are deleted from the outbox table")
  void relayedRowsAreDeleted() {
    String reservation = newId();
    UUID eventId = desk.requestHold(reservation, "slot-1");
    awaitApplied(reservation, 1);
    await().atMost(DEADLINE).until(
        () -> count("SELECT count(*) FROM outbox WHERE id = ?", eventId) == 0);
    // ...and their deletes are not even published to the relay.
    assertThat(jdbc.queryForMap("SELECT pubinsert, pubdelete FROM pg_publication WHERE pubname = 'bookiji_outbox'"))
        .containsEntry("pubinsert", true).containsEntry("pubdelete", false);
  }

  @Test
  @DisplayName("a rolled-back transaction leaves neither the state change nor a message")
  void rollbackPublishesNothing() {
    String rolledBack = newId();
    assertThatThrownBy(() -> desk.requestHoldThenFail(rolledBack, "slot-1"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(count("SELECT count(*) FROM outbox WHERE aggregate_id = ?", rolledBack)).isZero();
    // A later commit overtakes nothing: once it is published, the rolled-back one never will be.
    String marker = newId();
    desk.requestHold(marker, "slot-1");
    probe.awaitRecords(TOPIC, r -> marker.equals(r.key()), 1, DEADLINE);
    awaitApplied(marker, 1);
    assertThat(probe.readAll(TOPIC)).noneMatch(r -> rolledBack.equals(r.key()));
    assertThat(count("SELECT count(*) FROM skeleton_reservation WHERE reservation_id = ?",
        rolledBack)).isZero();
  }

  @Test
  @DisplayName("a message delivered twice (same eventId) has one effect")
  void redeliveryIsANoOp() {
    String reservation = newId();
    desk.requestHold(reservation, "slot-1");
    awaitApplied(reservation, 1);
    ProbedRecord original = probe.awaitRecords(TOPIC, r -> reservation.equals(r.key()), 1,
        DEADLINE).get(0);
    double duplicatesBefore = inboxCount("duplicate");

    Kafka.produceRaw(TOPIC, original.key(), original.value(), original.headers());

    await().atMost(DEADLINE).until(() -> inboxCount("duplicate") > duplicatesBefore);
    assertThat(applied(reservation)).isEqualTo(1);
  }

  @Test
  @DisplayName("a transient handler failure is retried and then applied once")
  void transientFailureIsRetried() {
    String reservation = newId();
    desk.requestHold(reservation, "flaky-2");
    awaitApplied(reservation, 1);
    assertThat(probe.readAll(DLT)).noneMatch(r -> reservation.equals(r.key()));
  }

  @Test
  @DisplayName("garbage bytes land in the dead-letter topic with stage DESERIALIZATION and the original bytes")
  void garbageIsDeadLettered() {
    String key = newId();
    byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    Kafka.produceRaw(TOPIC, key, garbage, Map.of(MessageHeaders.EVENT_ID, UUID.randomUUID().toString(),
        MessageHeaders.CORRELATION_ID, key));

    ProbedRecord dead = awaitDeadLetter(key);
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(dead.header(DeadLetterHeaders.STAGE)).isEqualTo("DESERIALIZATION");
    assertThat(dead.header(DeadLetterHeaders.EXCEPTION)).isNotBlank();
    assertThat(dead.header(DeadLetterHeaders.MESSAGE)).contains("magic byte");
    assertThat(dead.header(DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(TOPIC);
    assertThat(dead.header(DeadLetterHeaders.ORIGINAL_OFFSET)).isNotBlank();
    assertThat(dead.header(DeadLetterHeaders.ORIGINAL_PARTITION)).isNotBlank();
    assertThat(dead.header(DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(dead.header(MessageHeaders.CORRELATION_ID)).isEqualTo(key);
    await().atMost(DEADLINE).until(() -> deadLetterCount("DESERIALIZATION") >= 1);
  }

  @Test
  @DisplayName("a message without an eventId header lands in the dead-letter topic with stage VALIDATION")
  void missingEventIdIsDeadLettered() {
    String key = newId();
    byte[] avro = new AvroWireFormat(new SchemaRegistryClient(skeletons.infra.schemaRegistryUrl()))
        .serialize(TOPIC, SkeletonApp.holdSlot(key, "slot-1"));
    Kafka.produceRaw(TOPIC, key, avro, Map.of(MessageHeaders.CORRELATION_ID, key));

    ProbedRecord dead = awaitDeadLetter(key);
    assertThat(dead.header(DeadLetterHeaders.STAGE)).isEqualTo("VALIDATION");
    assertThat(dead.header(DeadLetterHeaders.MESSAGE)).contains("eventId");
    assertThat(dead.value()).isEqualTo(avro);
    assertThat(applied(key)).isZero();
  }

  @Test
  @DisplayName("a message the handler rejects lands in the dead-letter topic at once with stage HANDLER")
  void rejectedIsDeadLettered() {
    String reservation = newId();
    desk.requestHold(reservation, "reject");

    ProbedRecord dead = awaitDeadLetter(reservation);
    assertThat(dead.header(DeadLetterHeaders.STAGE)).isEqualTo("HANDLER");
    assertThat(dead.header(DeadLetterHeaders.EXCEPTION))
        .isEqualTo("com.bookiji.platform.inbox.RefusedMessageException");
    assertThat(dead.header(DeadLetterHeaders.MESSAGE)).contains("not bookable");
    assertThat(dead.header(DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(dead.header(DeadLetterHeaders.CONSUMER)).isEqualTo(consumerName);
    assertThat(dead.value()[0]).isEqualTo((byte) 0);
    assertThat(applied(reservation)).isZero();
  }

  @Test
  @DisplayName("a handler that keeps failing is dead-lettered after 5 attempts")
  void persistentFailureIsDeadLetteredAfterRetries() {
    String reservation = newId();
    desk.requestHold(reservation, "flaky-99");

    ProbedRecord dead = awaitDeadLetter(reservation);
    assertThat(dead.header(DeadLetterHeaders.STAGE)).isEqualTo("HANDLER");
    // 5 by the retry policy; a consumer rebalance during the retries may add one more real attempt.
    assertThat(Integer.parseInt(dead.header(DeadLetterHeaders.ATTEMPTS))).isGreaterThanOrEqualTo(5);
    assertThat(dead.header(DeadLetterHeaders.EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
    assertThat(applied(reservation)).isZero();
  }

  @Test
  @DisplayName("the relay reports UP as the active instance; its metrics count exactly what it relayed and show a backlog while it is stopped")
  void healthAndMetrics() {
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    MeterRegistry meters = app.getBean(MeterRegistry.class);
    HealthIndicator health = app.getBean("outboxRelayHealthIndicator", HealthIndicator.class);
    await().atMost(DEADLINE).until(() -> gauge(meters, "bookiji.outbox.backlog") == 0);
    assertThat(relay.role()).isEqualTo(RelayRole.ACTIVE);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(gauge(meters, "bookiji.outbox.relay.active")).isEqualTo(1.0);
    double relayedBefore = meters.get("bookiji.outbox.relayed").counter().count();
    double appliedBefore = inboxCount("applied");
    double duplicatesBefore = inboxCount("duplicate");

    // While the relay is stopped, a written message is the backlog and ages.
    relay.stop();
    String reservation = newId();
    desk.requestHold(reservation, "slot-1");
    await().atMost(DEADLINE).until(() -> gauge(meters, "bookiji.outbox.backlog") == 1
        && gauge(meters, "bookiji.outbox.relay.lag") > 0);
    assertThat(gauge(meters, "bookiji.outbox.relay.active")).isZero();
    assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(applied(reservation)).isZero();

    relay.start();
    awaitApplied(reservation, 1);
    await().atMost(DEADLINE).until(() -> gauge(meters, "bookiji.outbox.backlog") == 0
        && gauge(meters, "bookiji.outbox.relay.lag") == 0
        && meters.get("bookiji.outbox.relayed").counter().count() > relayedBefore);
    assertThat(meters.get("bookiji.outbox.relayed").counter().count())
        .isEqualTo(relayedBefore + 1);
    assertThat(inboxCount("applied")).isEqualTo(appliedBefore + 1);
    assertThat(inboxCount("duplicate")).isEqualTo(duplicatesBefore);
    await().atMost(DEADLINE).until(relay::isStreaming);
    assertThat(gauge(meters, "bookiji.outbox.relay.active")).isEqualTo(1.0);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(meters.get("bookiji.outbox.relay.engine.restarts").counter().count()).isZero();
    assertThat(meters.get("bookiji.outbox.relay.engine.forced_closes").counter().count()).isZero();
    assertThat(gauge(meters, "bookiji.outbox.relay.engine.leftover_threads")).isZero();
  }

  static double gauge(MeterRegistry meters, String name) {
    return meters.get(name).gauge().value();
  }

  @Test
  @DisplayName("inbox rows older than the retention are purged, recent ones stay")
  void inboxRetention() {
    UUID old = UUID.randomUUID();
    UUID recent = UUID.randomUUID();
    jdbc.update("""
        INSERT INTO inbox (consumer, event_id, topic, "partition", "offset", processed_at)
        VALUES ('retention', ?, 't', 0, 0, now() - interval '30 days'),
               ('retention', ?, 't', 0, 1, now())""", old, recent);
    app.getBean(InboxJanitor.class).purge();
    assertThat(count("SELECT count(*) FROM inbox WHERE event_id = ?", old)).isZero();
    assertThat(count("SELECT count(*) FROM inbox WHERE event_id = ?", recent)).isOne();
  }

  // --- helpers

  static String newId() {
    return UUID.randomUUID().toString();
  }

  static ProbedRecord awaitDeadLetter(String key) {
    List<ProbedRecord> dead = probe.awaitRecords(DLT, r -> key.equals(r.key()), 1, DEADLINE);
    assertThat(dead).hasSize(1);
    return dead.get(0);
  }

  static void awaitApplied(String reservation, int times) {
    await().atMost(DEADLINE).until(() -> applied(reservation) >= times);
    assertThat(applied(reservation)).isEqualTo(times);
  }

  static int applied(String reservation) {
    return count("SELECT coalesce(max(applied), 0) FROM skeleton_effect WHERE reservation_id = ?",
        reservation);
  }

  static int count(String sql, Object... args) {
    Integer n = jdbc.queryForObject(sql, Integer.class, args);
    return n == null ? 0 : n;
  }

  static double inboxCount(String outcome) {
    var c = app.getBean(MeterRegistry.class).find("bookiji.inbox.messages")
        .tag("consumer", consumerName).tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  static double deadLetterCount(String stage) {
    return app.getBean(MeterRegistry.class).find("bookiji.inbox.dead_letters")
        .tag("consumer", consumerName).tag("stage", stage).counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }
}
