package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.bookiji.localstack.LauncherScript.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #7 at the operating-system level: a service of the running local stack is killed with
 * {@code kill -9} while reservations are in flight at different saga points, restarted with
 * {@code ./bookiji up}, and every saga must resume to CONFIRMED with exactly one capture at the
 * simulator and one booking. In-process kills (ReservationCrashRecoveryIT and friends) cannot lose a
 * JVM's buffers, threads or open transactions the way a SIGKILL does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("the local stack after a kill -9")
class StackCrashRecoveryIT {

  /**
   * Not LocalStackIT's offset (10000): both may run at once. Ports 13080-13084, 14092-14093, 17111,
   * 20432: below the kernel's ephemeral range (32768+), where no test's random port can land.
   */
  private static final int PORT_OFFSET = 5000;
  private static final Duration SETTLE = Duration.ofSeconds(150);
  private static final long PRICE = 4500;

  private static Path repo;
  private static Path stateDir;
  private static StackLayout layout;
  private static LauncherScript launcher;
  private static String vendorId;
  private static final AtomicInteger passed = new AtomicInteger();

  /** One reservation the test drives: its slot, the payment intent behind its client secret. */
  record Booking(String slotId, String reservationId, String clientSecret) {
    String intentId() {
      return clientSecret.substring(0, clientSecret.indexOf("_secret_"));
    }
  }

  @BeforeAll
  static void freshStack() throws IOException {
    repo = Path.of(System.getProperty("bookiji.repo", LocalStack.findRepo().toString())).toAbsolutePath();
    stateDir = repo.resolve("deploy/local-stack/target/crash-stack");
    layout = StackLayout.resolve(repo, stateDir, PORT_OFFSET);
    launcher = new LauncherScript(repo, stateDir, PORT_OFFSET, Map.of());
    for (int port : List.of(Stack.RESERVATION_PORT, Stack.PAYMENT_PORT, Stack.SIMULATOR_PORT, 9092, 15432)) {
      assertThat(layout.port(port)).as("port below the ephemeral range").isLessThan(32768);
    }
    if (Files.exists(stateDir)) {
      run(Duration.ofMinutes(3), "reset"); // an interrupted run may have left processes and data behind
    }
    Result up = run(Duration.ofMinutes(10), "up", "--timeout", "540");
    assertThat(up.exitCode()).as("./bookiji up; output:\n%s", up.output()).isZero();
    vendorId = "crash-vendor-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterAll
  static void stop() throws IOException {
    if (stateDir == null || !Files.exists(stateDir)) {
      return;
    }
    // On failure the state directory (logs/) stays for diagnosis; the next run resets it first.
    run(Duration.ofMinutes(3), passed.get() == 2 ? "reset" : "down");
  }

  @Test
  @Order(1)
  @DisplayName("reservation-service killed with six sagas in flight resumes every one to CONFIRMED, each captured and booked once")
  void reservationServiceKilled() throws Exception {
    List<Booking> b = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      b.add(awaitClientSecret(reserve(createSlot(i))));
    }
    // 0,1: card not yet confirmed. 2,3: card confirmed, vendor undecided. 4,5: both confirmed, so
    // commit and capture are racing the kill.
    for (int i : List.of(4, 5, 2, 3)) {
      confirmCard(b.get(i));
    }
    vendorConfirms(b.get(4));
    vendorConfirms(b.get(5));
    printStates("before kill -9 reservation-service", b);
    kill9("reservation-service");

    // Events produced while it is down (PaymentAuthorized) wait in Kafka for the restarted service.
    confirmCard(b.get(0));
    restart("reservation-service");
    confirmCard(b.get(1));
    for (int i : List.of(0, 1, 2, 3)) {
      vendorConfirms(b.get(i));
    }
    assertAllConfirmedOnce(b);
    passed.incrementAndGet();
  }

  @Test
  @Order(2)
  @DisplayName("payment-service killed mid-flight (payment creation, authorization webhook, capture) resumes every saga to CONFIRMED, each captured once")
  void paymentServiceKilled() throws Exception {
    Booking capturing = awaitClientSecret(reserve(createSlot(10)));
    Booking authorizing = awaitClientSecret(reserve(createSlot(11)));
    String creatingSlot = createSlot(12);
    vendorConfirms(capturing);
    vendorConfirms(authorizing);
    confirmCard(capturing); // the webhook → PaymentAuthorized → commit → CapturePayment: racing the kill
    confirmCard(authorizing); // its webhook may hit a dead service: the simulator retries
    String creating = reserve(creatingSlot); // CreatePayment on its way to payment-service
    printStates("before kill -9 payment-service", List.of(capturing, authorizing));
    kill9("payment-service");

    restart("payment-service");
    Booking created = awaitClientSecret(creating);
    confirmCard(created);
    vendorConfirms(created);
    assertAllConfirmedOnce(List.of(capturing, authorizing, created));
    passed.incrementAndGet();
  }

  // ---- the stack's processes ----

  /**
   * SIGKILL at the OS level. The pid comes from the state directory and is trusted only when that
   * process's command line carries the launcher's marker for this state directory and component.
   */
  private static void kill9(String component) throws Exception {
    long pid = Long.parseLong(Files.readString(layout.pidFile(component)).trim());
    String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
    assertThat(cmdline).as("command line of pid %d", pid).contains(new ProcessControl(layout).marker(component));
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -9 %d", pid).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    System.out.println("killed -9 " + component + " (pid " + pid + ") at " + Instant.now());
  }

  private static void restart(String component) throws IOException {
    assertThat(new ProcessControl(layout).running(component)).as(component + " still running").isEmpty();
    Result up = run(Duration.ofMinutes(5), "up", "--timeout", "240");
    assertThat(up.exitCode()).as("./bookiji up after the kill; output:\n%s", up.output()).isZero();
    assertThat(new ProcessControl(layout).running(component)).as(component + " restarted").isPresent();
  }

  // ---- the human steps, through the public APIs ----

  private static String createSlot(int hour) throws Exception {
    Instant start = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(hour, ChronoUnit.HOURS);
    ObjectNode slot = Http.JSON.createObjectNode()
        .put("startsAt", start.toString())
        .put("endsAt", start.plus(45, ChronoUnit.MINUTES).toString())
        .put("timeZone", "Europe/Berlin")
        .put("priceAmountMinor", PRICE)
        .put("currency", "EUR");
    Http.Response created = Http.postJson(layout.url(Stack.AVAILABILITY_PORT) + "/vendors/" + vendorId + "/slots",
        slot, bearer(vendorId, "VENDOR"));
    assertThat(created.ok()).as("create slot: %s", created).isTrue();
    return Demo.text(created.json(), "id", "slotId").orElseThrow();
  }

  private static String reserve(String slotId) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>(bearer("crash-requester", "REQUESTER"));
    headers.put("Idempotency-Key", UUID.randomUUID().toString());
    Http.Response reserved = Http.postJson(layout.url(Stack.RESERVATION_PORT) + "/reservations",
        Http.JSON.createObjectNode().put("slotId", slotId), headers);
    assertThat(reserved.ok()).as("reserve: %s", reserved).isTrue();
    return slotId + "|" + Demo.text(reserved.json(), "reservationId", "id").orElseThrow();
  }

  /** The client secret appears once the slot is held and payment-service created the intent. */
  private static Booking awaitClientSecret(String slotAndReservation) {
    String slotId = slotAndReservation.substring(0, slotAndReservation.indexOf('|'));
    String reservationId = slotAndReservation.substring(slotAndReservation.indexOf('|') + 1);
    String[] secret = new String[1];
    await("client secret of " + reservationId).atMost(SETTLE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode view = ownReservation(reservationId); // the client secret reaches only its requester
          assertThat(Demo.state(view)).as("state of %s", reservationId).isNotIn(Demo.TERMINAL);
          secret[0] = Demo.clientSecret(view).orElseThrow(() -> new AssertionError("no client secret yet: " + view));
        });
    return new Booking(slotId, reservationId, secret[0]);
  }

  private static void confirmCard(Booking b) throws Exception {
    Http.Response confirmed = Http.postForm(layout.url(Stack.SIMULATOR_PORT) + "/v1/payment_intents/" + b.intentId() + "/confirm",
        Map.of("client_secret", b.clientSecret(), "payment_method", "pm_card_visa"),
        Http.headers("Authorization", "Bearer " + Stack.SIM_PUBLISHABLE_KEY));
    assertThat(confirmed.ok()).as("confirm card of %s: %s", b.reservationId(), confirmed).isTrue();
  }

  private static void vendorConfirms(Booking b) throws Exception {
    Http.Response decided = Http.postJson(
        layout.url(Stack.RESERVATION_PORT) + "/reservations/" + b.reservationId() + "/vendor-decision",
        Http.JSON.createObjectNode().put("decision", "CONFIRM").put("reason", "crash test"), bearer(vendorId, "VENDOR"));
    assertThat(decided.ok()).as("vendor decision for %s: %s", b.reservationId(), decided).isTrue();
  }

  // ---- the checks ----

  private static void assertAllConfirmedOnce(List<Booking> bookings) throws Exception {
    await("every reservation terminal").atMost(SETTLE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .untilAsserted(() -> {
          Map<String, String> states = new LinkedHashMap<>();
          for (Booking b : bookings) {
            states.put(b.reservationId(), Demo.state(reservation(b.reservationId())));
          }
          assertThat(states.values()).as("states %s", states).allMatch(Demo.TERMINAL::contains);
        });
    for (Booking b : bookings) {
      JsonNode view = reservation(b.reservationId());
      assertThat(Demo.state(view)).as("reservation %s: %s", b.reservationId(), view).isEqualTo("CONFIRMED");
    }

    // Nothing of this vendor is left in a non-terminal state (OPS sees every reservation).
    Http.Response page = Http.get(layout.url(Stack.RESERVATION_PORT) + "/reservations?vendorId=" + vendorId + "&limit=100",
        bearer("crash-oncall", "OPS"));
    assertThat(page.ok()).as("list: %s", page).isTrue();
    for (JsonNode item : page.json().path("items")) {
      assertThat(Demo.state(item)).as("reservation %s", item).isIn(Demo.TERMINAL);
    }

    // Exactly one capture per intent at the simulator: one capture decision (one idempotency key),
    // executed once (any second request is a replay of the saved result); the money is taken once.
    JsonNode requests = Http.JSON.readTree(Http.get(layout.url(Stack.SIMULATOR_PORT)
        + "/_sim/requests?method=POST&path_prefix=/v1/payment_intents/").body());
    Map<String, JsonNode> intents = new LinkedHashMap<>();
    for (JsonNode pi : Http.JSON.readTree(Http.get(layout.url(Stack.SIMULATOR_PORT) + "/_sim/payment_intents").body())) {
      intents.put(pi.path("id").asText(), pi);
    }
    for (Booking b : bookings) {
      String capturePath = "/v1/payment_intents/" + b.intentId() + "/capture";
      List<JsonNode> executed = new ArrayList<>();
      Set<String> keys = new HashSet<>();
      for (JsonNode r : requests) {
        if (capturePath.equals(r.path("path").asText())) {
          keys.add(r.path("idempotency_key").asText());
          if (r.path("status").asInt() / 100 == 2 && !r.path("replayed").asBoolean()) {
            executed.add(r);
          }
        }
      }
      assertThat(executed).as("captures executed for %s (%s)", b.reservationId(), b.intentId()).hasSize(1);
      assertThat(keys).as("capture idempotency keys for %s", b.reservationId()).hasSize(1);
      JsonNode intent = intents.get(b.intentId());
      assertThat(intent).as("intent %s at the simulator", b.intentId()).isNotNull();
      assertThat(intent.path("status").asText()).as("intent %s", intent).isEqualTo("succeeded");
      assertThat(intent.path("amount_received").asLong()).as("intent %s", intent).isEqualTo(PRICE);
      assertThat(intent.path("latest_charge").path("amount_captured").asLong()).as("intent %s", intent).isEqualTo(PRICE);

      Http.Response slot = Http.get(layout.url(Stack.AVAILABILITY_PORT) + "/vendors/" + vendorId + "/slots/" + b.slotId(),
          bearer(vendorId, "VENDOR"));
      assertThat(slot.ok()).as("slot %s: %s", b.slotId(), slot).isTrue();
      assertThat(Demo.text(slot.json(), "state").orElse("")).as("slot %s: %s", b.slotId(), slot.body()).isEqualTo("BOOKED");
    }
  }

  /** Where each saga stood at the kill, for the log (the saga points hit vary with timing). */
  private static void printStates(String when, List<Booking> bookings) throws Exception {
    List<String> states = new ArrayList<>();
    for (Booking b : bookings) {
      JsonNode view = reservation(b.reservationId());
      states.add(b.reservationId() + "=" + Demo.state(view) + " (payment " + view.path("payment").path("status").asText("?")
          + ", vendor " + view.path("vendorDecision").asText("?") + ")");
    }
    System.out.println(when + ": " + String.join(", ", states));
  }

  private static JsonNode reservation(String id) throws Exception {
    Http.Response r = Http.get(layout.url(Stack.RESERVATION_PORT) + "/reservations/" + id, bearer("crash-oncall", "OPS"));
    assertThat(r.ok()).as("GET reservation %s: %s", id, r).isTrue();
    return r.json();
  }

  private static JsonNode ownReservation(String id) throws Exception {
    Http.Response r = Http.get(layout.url(Stack.RESERVATION_PORT) + "/reservations/" + id,
        bearer("crash-requester", "REQUESTER"));
    assertThat(r.ok()).as("GET own reservation %s: %s", id, r).isTrue();
    return r.json();
  }

  private static Map<String, String> bearer(String subject, String role) throws IOException {
    return LauncherScript.bearer(layout, subject, role);
  }

  // ---- the launcher script ----


  private static Result run(Duration timeout, String... args) throws IOException {
    return launcher.run(timeout, args);
  }
}
