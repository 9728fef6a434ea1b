package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.bookiji.localstack.LauncherScript.Result;
import com.bookiji.platform.client.BookingClient;
import com.bookiji.platform.client.NewSlot;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.ReservationPage;
import com.bookiji.platform.client.Slot;
import com.bookiji.platform.client.StripeJs;
import com.bookiji.platform.client.VendorDecision;
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
  private static BookingClient api;
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
    api = LauncherScript.bookingClient(layout, 1);
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
    return api.createSlot(token(vendorId, "VENDOR"), vendorId,
        NewSlot.of(start, Duration.ofMinutes(45), "Europe/Berlin", PRICE, "EUR")).id();
  }

  private static String reserve(String slotId) throws Exception {
    Reservation reserved = api.reserve(token("crash-requester", "REQUESTER"), slotId, UUID.randomUUID().toString()).reservation();
    return slotId + "|" + reserved.id();
  }

  /** The client secret appears once the slot is held and payment-service created the intent. */
  private static Booking awaitClientSecret(String slotAndReservation) {
    String slotId = slotAndReservation.substring(0, slotAndReservation.indexOf('|'));
    String reservationId = slotAndReservation.substring(slotAndReservation.indexOf('|') + 1);
    String[] secret = new String[1];
    await("client secret of " + reservationId).atMost(SETTLE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .untilAsserted(() -> {
          Reservation view = ownReservation(reservationId); // the client secret reaches only its requester
          assertThat(view.terminal()).as("%s ended: %s", reservationId, view).isFalse();
          secret[0] = view.clientSecret().orElseThrow(() -> new AssertionError("no client secret yet: " + view));
        });
    return new Booking(slotId, reservationId, secret[0]);
  }

  private static void confirmCard(Booking b) throws Exception {
    StripeJs.Confirmation confirmed = LauncherScript.browser(layout).confirmCard(b.clientSecret(), "pm_card_visa");
    assertThat(confirmed.ok()).as("confirm card of %s: %s", b.reservationId(), confirmed).isTrue();
  }

  private static void vendorConfirms(Booking b) throws Exception {
    api.decide(token(vendorId, "VENDOR"), b.reservationId(), VendorDecision.CONFIRM, "crash test");
  }

  // ---- the checks ----

  private static void assertAllConfirmedOnce(List<Booking> bookings) throws Exception {
    await("every reservation terminal").atMost(SETTLE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .untilAsserted(() -> {
          Map<String, Reservation> views = new LinkedHashMap<>();
          for (Booking b : bookings) {
            views.put(b.reservationId(), reservation(b.reservationId()));
          }
          assertThat(views.values()).as("reservations %s", views).allMatch(Reservation::terminal);
        });
    for (Booking b : bookings) {
      Reservation view = reservation(b.reservationId());
      assertThat(view.state()).as("reservation %s: %s", b.reservationId(), view).isEqualTo("CONFIRMED");
    }

    // Nothing of this vendor is left in a non-terminal state (OPS sees every reservation).
    ReservationPage page = api.reservations(token("crash-oncall", "OPS"), Map.of("vendorId", vendorId, "limit", "100"));
    for (Reservation item : page.items()) {
      assertThat(item.terminal()).as("reservation %s", item).isTrue();
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

      Slot slot = api.slot(token(vendorId, "VENDOR"), vendorId, b.slotId());
      assertThat(slot.state()).as("slot %s: %s", b.slotId(), slot).isEqualTo("BOOKED");
    }
  }

  /** Where each saga stood at the kill, for the log (the saga points hit vary with timing). */
  private static void printStates(String when, List<Booking> bookings) throws Exception {
    List<String> states = new ArrayList<>();
    for (Booking b : bookings) {
      Reservation view = reservation(b.reservationId());
      states.add(b.reservationId() + "=" + view.state() + " (payment " + view.payment().status()
          + ", vendor " + view.vendorDecision() + ")");
    }
    System.out.println(when + ": " + String.join(", ", states));
  }

  private static Reservation reservation(String id) throws Exception {
    return api.reservation(token("crash-oncall", "OPS"), id);
  }

  private static Reservation ownReservation(String id) throws Exception {
    return api.reservation(token("crash-requester", "REQUESTER"), id);
  }

  private static String token(String subject, String role) throws IOException {
    return LauncherScript.token(layout, subject, role);
  }

  // ---- the launcher script ----


  private static Result run(Duration timeout, String... args) throws IOException {
    return launcher.run(timeout, args);
  }
}
