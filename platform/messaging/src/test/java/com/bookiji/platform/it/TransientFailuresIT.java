package com.bookiji.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.inbox.DeadLetterHeaders;
import com.bookiji.platform.inbox.FailureKind;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.RelayPublisher;
import com.bookiji.platform.testkit.RestartablePostgres;
import com.bookiji.platform.testkit.TestApps;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #12 item 3: an outage of what a consumer depends on is not a property of the messages in
 * flight. Commands keep arriving (produced straight to Kafka, as another service's relay would)
 * while the consumer's own PostgreSQL is stopped, or while the schema registry answers 503; the
 * relay of the test app is off, so only the consumer is under test.
 */
@DisplayName("Transient failures are retried, not dead-lettered; deterministic ones are dead-lettered at once (#12 item 3)")
class TransientFailuresIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final String TOPIC = SkeletonApp.TOPIC.topicName();
  static final String DLT = SkeletonApp.TOPIC.deadLetterTopicName();
  static final Duration OUTAGE = Duration.ofSeconds(60);
  static final Duration RECOVERY_BOUND = Duration.ofMinutes(3);

  final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  @Test
  @DisplayName("PostgreSQL stopped for 60 s while commands keep arriving: no dead letter, every command applied exactly once")
  void databaseStoppedUnderLoad() throws Exception {
    RestartablePostgres postgres = RestartablePostgres.startNew();
    cleanup.add(postgres);
    TestDatabase db = postgres.createDatabase("outage");
    String consumer = "outage-" + UUID.randomUUID();
    ConfigurableApplicationContext app = startApp(db, consumer, infra.schemaRegistryUrl());
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    CommandStream commands = new CommandStream();
    cleanup.add(commands);

    await().atMost(Duration.ofSeconds(60)).until(() -> applied(jdbc, commands.sent()) >= 20);
    postgres.stop();
    System.out.println("PostgreSQL stopped for " + OUTAGE + " after " + commands.sent().size()
        + " commands");
    Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a synchronisation
    int sentDuringOutage = commands.sent().size();
    double transientFailures = retries(app, consumer, FailureKind.TRANSIENT);
    postgres.start();
    Instant restarted = Instant.now();
    await().atMost(Duration.ofSeconds(60)).until(() -> commands.sent().size() >= sentDuringOutage + 20);
    commands.close();

    Set<String> sent = Set.copyOf(commands.sent());
    await().atMost(RECOVERY_BOUND).until(() -> applied(jdbc, sent) == sent.size());
    System.out.println("all " + sent.size() + " commands applied "
        + Duration.between(restarted, Instant.now()).toSeconds() + " s after the restart; "
        + "transient failures retried during the outage: " + (long) transientFailures);
    assertThat(transientFailures).as("the consumer met the outage").isPositive();
    assertThat(appliedMoreThanOnce(jdbc, sent)).isZero();
    assertThat(deadLetters(sent)).isEmpty();
    // A new consumer group first reads the shared topic's history: earlier tests' records meant to
    // be rejected are dead-lettered, rightly. Every dead letter the app counted must be one of those.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<ProbedRecord> ofThisConsumer = infra.topicProbe().readAll(DLT).stream()
          .filter(r -> consumer.equals(r.header(DeadLetterHeaders.CONSUMER))).toList();
      assertThat(ofThisConsumer).noneMatch(r -> sent.contains(r.key()));
      assertThat(deadLetterCount(app, consumer)).isEqualTo(ofThisConsumer.size());
    });
  }

  @Test
  @DisplayName("a schema registry answering 503 while commands arrive: no dead letter, every command applied once it answers again")
  void registryFailing() throws Exception {
    FlakyRegistry registry = new FlakyRegistry(infra.schemaRegistryUrl());
    cleanup.add(registry);
    TestDatabase db = infra.createDatabase("registry_outage");
    String consumer = "registry-outage-" + UUID.randomUUID();
    // Failing before the app starts: a new consumer group may first read older records of the
    // shared topic, and a schema it cached then would let the test's records through unseen.
    registry.failing.set(true);
    ConfigurableApplicationContext app = startApp(db, consumer, registry.url());
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());

    CommandStream commands = new CommandStream();
    cleanup.add(commands);
    // the consumer's schema cache is empty: the first record of each schema needs the registry
    await().atMost(Duration.ofSeconds(60))
        .until(() -> retries(app, consumer, FailureKind.TRANSIENT) >= 3 && commands.sent().size() >= 20);
    assertThat(applied(jdbc, commands.sent())).isZero();
    registry.failing.set(false);
    await().atMost(Duration.ofSeconds(60)).until(() -> applied(jdbc, commands.sent()) >= 1);
    commands.close();

    Set<String> sent = Set.copyOf(commands.sent());
    await().atMost(RECOVERY_BOUND).until(() -> applied(jdbc, sent) == sent.size());
    assertThat(registry.refused.get()).isPositive();
    assertThat(appliedMoreThanOnce(jdbc, sent)).isZero();
    assertThat(deadLetters(sent)).isEmpty();
  }

  @Test
  @DisplayName("a record naming a schema the registry does not have is dead-lettered at once as DETERMINISTIC, with the reason")
  void unknownSchemaIsDeadLetteredPromptly() throws Exception {
    TestDatabase db = infra.createDatabase("unknown_schema");
    String consumer = "unknown-schema-" + UUID.randomUUID();
    ConfigurableApplicationContext app = startApp(db, consumer, infra.schemaRegistryUrl());
    String key = UUID.randomUUID().toString();
    byte[] unknownSchema = ByteBuffer.allocate(7).put((byte) 0).putInt(987_654).put((byte) 2)
        .put((byte) 0).array();

    Instant sent = Instant.now();
    Kafka.produceRaw(TOPIC, key, unknownSchema, Map.of(
        MessageHeaders.EVENT_ID, UUID.randomUUID().toString(), MessageHeaders.CORRELATION_ID, key));

    ProbedRecord dead = infra.topicProbe().awaitRecords(DLT,
        r -> key.equals(r.key()) && consumer.equals(r.header(DeadLetterHeaders.CONSUMER)), 1,
        Duration.ofSeconds(60)).get(0);
    System.out.println("dead-lettered " + Duration.between(sent, Instant.now()).toMillis()
        + " ms after it was sent");
    assertThat(dead.header(DeadLetterHeaders.FAILURE)).isEqualTo("DETERMINISTIC");
    assertThat(dead.header(DeadLetterHeaders.STAGE)).isEqualTo("DESERIALIZATION");
    assertThat(dead.header(DeadLetterHeaders.MESSAGE)).contains("unknown schema id 987654");
    assertThat(dead.header(DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(dead.value()).isEqualTo(unknownSchema);
    assertThat(retries(app, consumer, FailureKind.TRANSIENT)).isZero();
  }

  // --- helpers

  private ConfigurableApplicationContext startApp(TestDatabase db, String consumer, String registryUrl) {
    ConfigurableApplicationContext app = TestApps.start(SkeletonApp.class, db, Map.of(
        "skeleton.consumer-name", consumer,
        "bookiji.outbox.relay.enabled", "false",
        "bookiji.schema-registry.url", registryUrl,
        // a stopped server refuses at once; do not let one attempt wait Hikari's 30 s default
        "spring.datasource.hikari.connection-timeout", "5000"));
    cleanup.add(app::close);
    return app;
  }

  private static long applied(JdbcTemplate jdbc, List<String> keys) {
    return applied(jdbc, Set.copyOf(keys));
  }

  private static long applied(JdbcTemplate jdbc, Set<String> keys) {
    Long n = jdbc.queryForObject(
        "SELECT count(*) FROM skeleton_effect WHERE reservation_id = ANY (?)", Long.class,
        (Object) keys.toArray(String[]::new));
    return n == null ? 0 : n;
  }

  private static long appliedMoreThanOnce(JdbcTemplate jdbc, Set<String> keys) {
    Long n = jdbc.queryForObject(
        "SELECT count(*) FROM skeleton_effect WHERE reservation_id = ANY (?) AND applied <> 1",
        Long.class, (Object) keys.toArray(String[]::new));
    return n == null ? 0 : n;
  }

  private static List<ProbedRecord> deadLetters(Set<String> keys) {
    return infra.topicProbe().readAll(DLT).stream().filter(r -> keys.contains(r.key())).toList();
  }

  private static double retries(ConfigurableApplicationContext app, String consumer, FailureKind kind) {
    return app.getBean(MeterRegistry.class).find("bookiji.inbox.retries")
        .tag("consumer", consumer).tag("failure", kind.name()).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static double deadLetterCount(ConfigurableApplicationContext app, String consumer) {
    return app.getBean(MeterRegistry.class).find("bookiji.inbox.dead_letters")
        .tag("consumer", consumer).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** HoldSlot commands produced to Kafka every 50 ms from a thread of its own until closed. */
  static final class CommandStream implements AutoCloseable {
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Void> done;

    CommandStream() {
      RelayPublisher relay = new RelayPublisher(infra);
      AtomicInteger n = new AtomicInteger();
      done = CompletableFuture.runAsync(() -> {
        try (relay) {
          while (running.get()) {
            String key = UUID.randomUUID().toString();
            relay.publish(SkeletonApp.TOPIC, key, SkeletonApp.holdSlot(key, "slot-" + n.incrementAndGet()),
                UUID.randomUUID());
            sent.add(key);
            TimeUnit.MILLISECONDS.sleep(50); // the pace of the load, not a synchronisation
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }

    List<String> sent() {
      return sent;
    }

    @Override
    public void close() throws Exception {
      running.set(false);
      done.get(30, TimeUnit.SECONDS);
    }
  }

  /** Forwards to the real registry, or answers 503 (as a registry behind a failing load balancer) while {@link #failing}. */
  static final class FlakyRegistry implements AutoCloseable {
    final AtomicBoolean failing = new AtomicBoolean(false);
    final AtomicInteger refused = new AtomicInteger();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    FlakyRegistry(String target) throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        try (exchange) {
          // Only the consumers' schema lookups fail; registering a schema (producers) still works.
          if (failing.get() && exchange.getRequestURI().getPath().startsWith("/schemas/ids/")) {
            refused.incrementAndGet();
            byte[] body = "{\"error_code\":50302,\"message\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            return;
          }
          byte[] requestBody;
          try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
          }
          HttpRequest.Builder forward = HttpRequest.newBuilder(
              URI.create(target + exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), requestBody.length == 0
                  ? HttpRequest.BodyPublishers.noBody()
                  : HttpRequest.BodyPublishers.ofByteArray(requestBody));
          String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
          if (contentType != null) {
            forward.header("Content-Type", contentType);
          }
          HttpResponse<byte[]> response = client.send(forward.build(),
              HttpResponse.BodyHandlers.ofByteArray());
          response.headers().firstValue("Content-Type")
              .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
          exchange.sendResponseHeaders(response.statusCode(),
              response.body().length == 0 ? -1 : response.body().length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
