package com.bookiji.reconciler.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import com.bookiji.reconciler.TopicWriter;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.reservation.ReservationStateChanged;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ops console against real Kafka, PostgreSQL and registry: its REST API (OPS only, problem+json),
 * then the page itself in a real headless Chromium showing an in-flight saga, a consumer group the test
 * paused (its status and business lag), a finding, and a dead letter replayed from the page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("the ops console shows a running system to on-call")
class ConsoleIT {

  private static final String JWT_SECRET = "console-it-secret-0123456789-abcdefghijklmnopq";
  private static final TestInfrastructure INFRA = TestInfrastructure.shared();
  private static final TestDatabase DB = INFRA.createDatabase("console");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PAUSED_GROUP = "console-it-paused-" + RUN;
  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

  private static TopicWriter topics;
  private static Thread pausedConsumer;
  private static final AtomicBoolean stopPaused = new AtomicBoolean();

  private static final String IN_FLIGHT = "r-inflight-" + RUN;
  private static final String CAPTURING = "r-capturing-" + RUN;
  private static final String COMPENSATED = "r-compensated-" + RUN;
  private static final String SLOT_TWICE = "s-twice-" + RUN;

  /**
   * Stands in for other services' {@code /actuator/prometheus}: "payment-service" with a relay that
   * streams behind an old backlog, and "reconciler" passing on this reconciler's own (its relay is real).
   */
  private static final HttpServer SERVICES = servicesStub();
  private static final String PAYMENT_PROMETHEUS = """
      # TYPE bookiji_outbox_backlog gauge
      bookiji_outbox_backlog{application="payment-service",database="payment"} 3.0
      bookiji_outbox_relay_lag_seconds{application="payment-service",database="payment"} 75.0
      bookiji_outbox_relay_active{application="payment-service",database="payment"} 1.0
      bookiji_outbox_relay_engine_consecutive_failures{application="payment-service",database="payment"} 0.0
      """;
  /** Nothing listens there: the port was free a moment ago and is closed again. */
  private static final String UNREACHABLE = "http://127.0.0.1:" + freePort();
  private static volatile int ownPort;

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    INFRA.springProperties(DB).forEach((k, v) -> registry.add(k, () -> v));
    registry.add("bookiji.security.jwt.secret", () -> JWT_SECRET);
    registry.add("bookiji.reconciler.lag.sample-interval", () -> "500ms");
    String stub = "http://127.0.0.1:" + SERVICES.getAddress().getPort();
    registry.add("bookiji.reconciler.console.services.payment-service", () -> stub + "/payment");
    registry.add("bookiji.reconciler.console.services.availability-service", () -> UNREACHABLE);
    registry.add("bookiji.reconciler.console.services.reconciler", () -> stub + "/reconciler");
    registry.add("bookiji.reconciler.console.relay-poll-interval", () -> "500ms");
    registry.add("bookiji.reconciler.console.relay-timeout", () -> "1s");
  }

  @BeforeAll
  static void producer() {
    topics = new TopicWriter(INFRA);
  }

  @BeforeEach
  void ownPort() {
    ownPort = port;
  }

  @AfterAll
  static void close() throws Exception {
    stopPaused.set(true);
    if (pausedConsumer != null) {
      pausedConsumer.join(10_000);
      try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
          Map.of("bootstrap.servers", INFRA.bootstrapServers()))) {
        admin.deleteConsumerGroups(List.of(PAUSED_GROUP)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    topics.close();
    SERVICES.stop(0);
  }

  private static HttpServer servicesStub() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/payment/actuator/prometheus", exchange -> {
        byte[] body = PAYMENT_PROMETHEUS.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.createContext("/reconciler/actuator/prometheus", exchange -> {
        try {
          HttpResponse<byte[]> own = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + ownPort + "/actuator/prometheus")).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
          exchange.sendResponseHeaders(own.statusCode(), own.body().length == 0 ? -1 : own.body().length);
          exchange.getResponseBody().write(own.body());
        } catch (IOException | InterruptedException e) {
          exchange.sendResponseHeaders(502, -1);
        }
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(1)
  @DisplayName("the console and its API answer 401 without a token and 403 to a non-OPS role, as problem+json")
  void opsOnly() throws Exception {
    for (String path : List.of("/ops/", "/ops/api/overview", "/ops/api/lag", "/ops/api/dead-letters", "/ops/api/outbox-relays",
        "/ops/api/reservations?q=x")) {
      HttpResponse<String> anonymous = call("GET", path, null, null);
      assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("application/problem+json"));
      assertThat(call("GET", path, token(Role.REQUESTER), null).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(call("POST", "/ops/api/dead-letters/payment.commands-dlt/0/0/replay", token(Role.VENDOR), null)
        .statusCode()).isEqualTo(403);
    HttpResponse<String> login = call("GET", "/ops/login", null, null);
    assertThat(login.statusCode()).as("the login page holds no data and is open").isEqualTo(200);
    assertThat(login.body()).contains("./bookiji token --role OPS");
  }

  @Test
  @Order(2)
  @DisplayName("a token becomes an HttpOnly cookie scoped to /ops that opens the page; a cookie is no token elsewhere")
  void cookieSession() throws Exception {
    HttpResponse<String> session = call("POST", "/ops/session", token(Role.OPS), null);
    assertThat(session.statusCode()).isEqualTo(200);
    String cookie = session.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("bookiji_ops=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ops");
    String pair = cookie.substring(0, cookie.indexOf(';'));
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(uri("/ops/")).header("Cookie", pair).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Bookiji ops console");
    assertThat(call("POST", "/ops/session", token(Role.REQUESTER), null).statusCode()).isEqualTo(403);

    String expired = new TokenMinter(JWT_SECRET).mint("oncall", Role.OPS, Instant.now().minusSeconds(7200),
        Instant.now().minusSeconds(3600));
    HttpResponse<String> withExpiredCookie = HTTP.send(HttpRequest.newBuilder(uri("/ops/api/overview"))
        .header("Cookie", "bookiji_ops=" + expired).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(withExpiredCookie.statusCode()).isEqualTo(401);
    HttpResponse<String> loginAgain = HTTP.send(HttpRequest.newBuilder(uri("/ops/login"))
        .header("Cookie", "bookiji_ops=" + expired).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(loginAgain.statusCode()).as("an expired cookie does not lock its owner out of the login").isEqualTo(200);
  }

  @Test
  @Order(3)
  @DisplayName("bad input is a problem with a stable code and changes nothing")
  void badInput() throws Exception {
    String ops = token(Role.OPS);
    assertProblem(call("GET", "/ops/api/reservations", ops, null), 400, "SEARCH_QUERY_REQUIRED");
    assertProblem(call("GET", "/ops/api/reservations/r-never-" + RUN, ops, null), 404, "RESERVATION_NOT_OBSERVED");
    assertProblem(call("GET", "/ops/api/dead-letters?topic=payment.commands", ops, null), 400, "INVALID_FILTER");
    assertProblem(call("POST", "/ops/api/dead-letters/replay", ops, "{\"deadLetters\": []}"), 400,
        "REPLAY_SELECTION_REQUIRED");
    assertProblem(call("POST", "/ops/api/dead-letters/payment.commands-dlt/0/999999/replay", ops, null), 404,
        "DEAD_LETTER_NOT_FOUND");
    assertProblem(call("GET", "/ops/api/lag/no-such-group-" + RUN, ops, null), 404, "CONSUMER_GROUP_NOT_FOUND");
  }

  @Test
  @Order(4)
  @DisplayName("a replay is refused when the saga moved on, sent once when it still waits, and audited with the OPS user")
  void sagaAwareReplay() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.RESERVATION_EVENTS, COMPENSATED, UUID.randomUUID(),
        stateChanged(COMPENSATED, "CAPTURE_PENDING", "COMPENSATING", false, t0, 4000, "EUR"));
    long refusedOffset = deadLetter(COMPENSATED, 4000);
    String ops = token(Role.OPS);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(call("GET", "/ops/api/dead-letters?topic=payment.commands-dlt", ops, null).body())
            .contains("\"offset\":" + refusedOffset));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(call("GET", "/ops/api/reservations/" + COMPENSATED, ops, null).body()).contains("COMPENSATING"));

    HttpResponse<String> refused = call("POST", "/ops/api/dead-letters/payment.commands-dlt/0/" + refusedOffset
        + "/replay", ops, null);
    assertProblem(refused, 409, "REPLAY_NO_LONGER_APPLIES");
    assertThat(refused.body()).contains("COMPENSATING").contains("CapturePayment");

    JsonNode replays = JSON.readTree(call("GET", "/ops/api/dead-letters/replays", ops, null).body()).get("replays");
    assertThat(replays.findValuesAsString("outcome")).contains("REFUSED");
    assertThat(replays.findValuesAsString("requestedBy")).contains("oncall");
    assertThat(db().sql("select count(*) from observed_messages where topic = 'payment.commands' and reservation_id = ?")
        .param(COMPENSATED).query(Integer.class).single()).as("nothing was sent").isZero();
  }

  @Test
  @Order(5)
  @DisplayName("the console page shows an in-flight saga, a paused group's status and business lag, a finding, and replays a dead letter")
  void consoleInABrowser() throws Exception {
    seedRunningSystem();
    String ops = token(Role.OPS);

    // Through the API first: the data the page renders is there.
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      JsonNode group = JSON.readTree(call("GET", "/ops/api/lag/" + PAUSED_GROUP, ops, null).body());
      assertThat(group.get("status").asString()).isEqualTo("STALL");
      assertThat(group.get("hasMembers").asBoolean()).isTrue();
      assertThat(group.get("businessLag").get("reservations").asInt()).isEqualTo(3);
      assertThat(group.get("businessLag").get("moneyByCurrency").get("EUR").asLong()).isEqualTo(7500);
      assertThat(group.get("businessLag").get("moneyByCurrency").get("USD").asLong()).isEqualTo(1999);
      assertThat(group.get("timeLagSeconds").asDouble()).isPositive();
    });
    JsonNode search = JSON.readTree(call("GET", "/ops/api/reservations?q=pi_inflight_" + RUN, ops, null).body());
    List<String> found = new ArrayList<>();
    search.get("reservationIds").forEach(n -> found.add(n.asString()));
    assertThat(found).as("found by its PaymentIntent id").containsExactly(IN_FLIGHT);
    JsonNode page = JSON.readTree(call("GET", "/ops/api/reservations/" + IN_FLIGHT, ops, null).body());
    assertThat(page.get("reservation").get("state").asString()).isEqualTo("AWAITING_CONFIRMATIONS");
    assertThat(page.get("pending").get("EUR").asLong()).isEqualTo(5000);
    assertThat(page.get("messages").findValuesAsString("traceId")).contains("0af7651916cd43dd8448eb211c80319c");

    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "SKIPPED the browser part of ConsoleIT: no Chromium at " + CHROMIUM + " or no chromedriver at " + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver, or set -Dchromium.binary / -Dchromedriver.binary)");
    WebDriver browser = browser();
    try {
      browser.get(base() + "/ops/login#token=" + ops);
      await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().endsWith("/ops/"));

      // The page re-renders its tables on every pushed overview: read and click afresh, retrying a stale element.
      String saga = "#sagas tr[data-reservation='" + IN_FLIGHT + "']";
      awaitText(browser, saga + " .state", text -> assertThat(text).isEqualTo("AWAITING_CONFIRMATIONS"));

      String payment = "#outbox-relays tr[data-service='payment-service']";
      awaitText(browser, payment + " .status", text -> assertThat(text).isEqualTo("WARN"));
      awaitText(browser, payment + " .role", text -> assertThat(text).isEqualTo("ACTIVE"));
      awaitText(browser, payment + " .backlog", text -> assertThat(text).isEqualTo("3"));
      awaitText(browser, payment + " .oldest-row", text -> assertThat(text).isEqualTo("75 s"));
      awaitText(browser, "#outbox-relays tr[data-service='availability-service'] .status",
          text -> assertThat(text).isEqualTo("DOWN"));
      awaitText(browser, "#outbox-relays tr[data-service='reconciler'] .backlog",
          text -> assertThat(text).matches("\\d+"));

      String lagging = "#lag-groups tr[data-group='" + PAUSED_GROUP + "']";
      awaitText(browser, lagging + " .status", text -> assertThat(text).isEqualTo("STALL"));
      awaitText(browser, lagging + " .business-lag", text -> assertThat(text).isEqualTo("3 reservations"));
      awaitText(browser, lagging + " .money-lag", text -> assertThat(text).contains("75.00 EUR").contains("19.99 USD"));

      awaitText(browser, "#findings tr[data-break-id='DOUBLE_BOOKING:" + SLOT_TWICE + "']",
          text -> assertThat(text).contains("CRITICAL").contains("2 live bookings"));

      String deadLetter = "#dead-letter-list tr[data-dlt='payment.commands-dlt/0/" + capturingDeadLetter + "']";
      awaitText(browser, deadLetter, text -> assertThat(text).contains("CapturePayment").contains(CAPTURING));
      click(browser, deadLetter + " .replay");
      awaitText(browser, deadLetter + " .replay-outcome",
          text -> assertThat(text).startsWith("REPLAYED → payment.commands/").endsWith("by oncall"));

      screenshot(browser);

      // One reservation's page, opened from the overview.
      click(browser, saga + " a");
      awaitText(browser, "#reservation-state", text -> assertThat(text).isEqualTo("AWAITING_CONFIRMATIONS"));
      awaitText(browser, "#timeline", text -> assertThat(text).contains("ReservationStateChanged")
          .contains("PaymentAuthorized").contains("0af7651916cd43dd8448eb211c80319c"));
    } catch (AssertionError | RuntimeException e) {
      Files.writeString(Path.of("target", "ops-console-failure.html"), browser.getPageSource()); // to see what it showed
      throw e;
    } finally {
      browser.quit();
    }

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db().sql("""
            select count(*) from observed_messages where topic = 'payment.commands' and reservation_id = ?
            and event_type = 'CapturePayment'""").param(CAPTURING).query(Integer.class).single())
        .as("the replayed command arrived on its original topic").isEqualTo(1));
    assertProblem(call("POST", "/ops/api/dead-letters/payment.commands-dlt/0/" + capturingDeadLetter + "/replay",
        ops, null), 409, "DEAD_LETTER_ALREADY_REPLAYED");
  }

  @Test
  @Order(6)
  @DisplayName("the outbox relays of the configured services: read from their Prometheus metrics, an unreachable one DOWN")
  void outboxRelays() throws Exception {
    String ops = token(Role.OPS);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode relays = JSON.readTree(call("GET", "/ops/api/outbox-relays", ops, null).body()).get("relays");
      assertThat(relays.findValuesAsString("service"))
          .as("in the configured order").containsExactly("payment-service", "availability-service", "reconciler");
      JsonNode payment = relays.get(0);
      assertThat(payment.get("backlogRows").asLong()).isEqualTo(3);
      assertThat(payment.get("oldestRowAgeSeconds").asDouble()).isEqualTo(75.0);
      assertThat(payment.get("role").asString()).isEqualTo("ACTIVE");
      assertThat(payment.get("streaming").asBoolean()).isTrue();
      assertThat(payment.get("status").asString()).as("75 s is beyond the default 1 min bound").isEqualTo("WARN");
      JsonNode availability = relays.get(1);
      assertThat(availability.get("instance").asString()).isEqualTo(UNREACHABLE);
      assertThat(availability.get("status").asString()).isEqualTo("DOWN");
      assertThat(availability.get("role").asString()).isEqualTo("UNKNOWN");
      assertThat(availability.get("backlogRows").isNull()).isTrue();
      JsonNode own = relays.get(2);
      assertThat(own.get("role").asString()).as("this reconciler's own relay answered").isNotEqualTo("UNKNOWN");
      assertThat(own.get("backlogRows").isNumber()).isTrue();
    });
    JsonNode overview = JSON.readTree(call("GET", "/ops/api/overview", ops, null).body());
    assertThat(overview.get("outboxRelays").findValuesAsString("status")).contains("WARN", "DOWN");
  }

  private static long capturingDeadLetter;

  /** A saga waiting for confirmations, one whose capture was dead-lettered, a double booking, a paused consumer. */
  private void seedRunningSystem() throws Exception {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    topics.send(Topic.RESERVATION_EVENTS, IN_FLIGHT, UUID.randomUUID(),
        stateChanged(IN_FLIGHT, "HOLD_PENDING", "AWAITING_CONFIRMATIONS", false, t0.minusSeconds(90), 5000, "EUR"));
    topics.send(Topic.PAYMENT_EVENTS, IN_FLIGHT, UUID.randomUUID(), PaymentAuthorized.newBuilder()
        .setReservationId(IN_FLIGHT).setPaymentIntentId("pi_inflight_" + RUN).setAmountMinor(5000).setCurrency("EUR")
        .setOccurredAt(t0.minusSeconds(60)).build());

    topics.send(Topic.RESERVATION_EVENTS, CAPTURING, UUID.randomUUID(),
        stateChanged(CAPTURING, "COMMIT_PENDING", "CAPTURE_PENDING", false, t0, 3000, "EUR"));
    capturingDeadLetter = deadLetter(CAPTURING, 3000);

    for (String r : List.of("r-double-a-" + RUN, "r-double-b-" + RUN)) {
      topics.send(Topic.AVAILABILITY_EVENTS, r, UUID.randomUUID(), HoldCommitted.newBuilder().setReservationId(r)
          .setSlotId(SLOT_TWICE).setHoldId("h-" + r).setBookingId("b-" + r).setOccurredAt(t0).build());
    }

    startPausedConsumer();
    Map<String, long[]> behind = Map.of("r-behind-1-" + RUN, new long[] {5000}, "r-behind-2-" + RUN,
        new long[] {2500}, "r-behind-3-" + RUN, new long[] {1999});
    for (Map.Entry<String, long[]> e : behind.entrySet()) {
      String currency = e.getValue()[0] == 1999 ? "USD" : "EUR";
      topics.send(Topic.RESERVATION_EVENTS, e.getKey(), UUID.randomUUID(),
          stateChanged(e.getKey(), null, "HOLD_PENDING", false, t0, e.getValue()[0], currency));
      topics.send(Topic.AVAILABILITY_COMMANDS, e.getKey(), UUID.randomUUID(), HoldSlot.newBuilder()
          .setReservationId(e.getKey()).setSlotId("s-" + e.getKey()).setRequesterId("alice")
          .setHoldTtlSeconds(600).setOccurredAt(t0).build());
    }
  }

  /**
   * A consumer of availability.commands that commits its position at the end and then pauses: it
   * stays a live member (it keeps polling) but reads nothing, as a stuck service would.
   */
  private static void startPausedConsumer() throws Exception {
    AtomicBoolean committed = new AtomicBoolean();
    pausedConsumer = new Thread(() -> {
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.bootstrapServers());
      config.put(ConsumerConfig.GROUP_ID_CONFIG, PAUSED_GROUP);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
          new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(Topic.AVAILABILITY_COMMANDS.topicName()));
        while (consumer.assignment().isEmpty() && !stopPaused.get()) {
          consumer.poll(Duration.ofMillis(200));
        }
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        assigned.forEach(tp -> positions.put(tp, new OffsetAndMetadata(consumer.position(tp))));
        consumer.commitSync(positions);
        consumer.pause(assigned);
        committed.set(true);
        while (!stopPaused.get()) {
          consumer.poll(Duration.ofMillis(200));
        }
      }
    }, "paused-consumer");
    pausedConsumer.setDaemon(true);
    pausedConsumer.start();
    await().atMost(Duration.ofSeconds(60)).untilTrue(committed);
  }

  /** A CapturePayment the payment service could not handle, as the platform dead-letters it; its offset. */
  private static long deadLetter(String reservationId, long amount) throws Exception {
    SpecificRecord capture = CapturePayment.newBuilder().setReservationId(reservationId).setAmountMinor(amount)
        .setOccurredAt(Instant.now()).build();
    ProducerRecord<String, byte[]> pr = new ProducerRecord<>("payment.commands-dlt", 0, reservationId,
        topics.serialize(Topic.PAYMENT_COMMANDS, capture));
    TopicWriter.header(pr, MessageHeaders.EVENT_ID, UUID.randomUUID().toString());
    TopicWriter.header(pr, MessageHeaders.EVENT_TYPE, "CapturePayment");
    TopicWriter.header(pr, MessageHeaders.CORRELATION_ID, reservationId);
    TopicWriter.header(pr, "dlt.stage", "HANDLER");
    TopicWriter.header(pr, "dlt.consumer", "payment-service");
    TopicWriter.header(pr, "dlt.exception", "java.lang.IllegalStateException");
    TopicWriter.header(pr, "dlt.message", "Stripe did not answer in time");
    TopicWriter.header(pr, "dlt.original.topic", Topic.PAYMENT_COMMANDS.topicName());
    return topics.send(pr);
  }

  private static ReservationStateChanged stateChanged(String reservationId, String from, String to, boolean terminal,
      Instant at, long amount, String currency) {
    return ReservationStateChanged.newBuilder().setReservationId(reservationId).setPreviousState(from).setState(to)
        .setTrigger("test").setTerminal(terminal).setVendorId(null).setAmountMinor(amount).setCurrency(currency)
        .setDetail(null).setOccurredAt(at).build();
  }


  private static WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1600,1500");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void awaitText(WebDriver browser, String css, java.util.function.Consumer<String> expectation) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() ->
        expectation.accept(browser.findElement(By.cssSelector(css)).getText()));
  }

  private static void click(WebDriver browser, String css) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
      browser.findElement(By.cssSelector(css)).click();
      return true;
    });
  }

  /**
   * The page as the test left it, in target/ops-console.png; with
   * {@code -Dbookiji.console.update-picture=true} also the README's picture docs/ops-console.png
   * (a test run must not change tracked files).
   */
  private static void screenshot(WebDriver browser) throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path target = module.resolve("target");
    Files.createDirectories(target);
    Files.copy(shot.toPath(), target.resolve("ops-console.png"), StandardCopyOption.REPLACE_EXISTING);
    if (Boolean.getBoolean("bookiji.console.update-picture")) {
      Files.copy(shot.toPath(), module.resolveSibling("docs").resolve("ops-console.png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(JSON.readTree(r.body()).get("code").asString()).isEqualTo(code);
  }

  private JdbcClient db() {
    return JdbcClient.create(DB.dataSource());
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private URI uri(String path) {
    return URI.create(base() + path);
  }

  private static String token(Role role) {
    return new TokenMinter(JWT_SECRET).mint("oncall", role, Instant.now(), Instant.now().plusSeconds(900));
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
