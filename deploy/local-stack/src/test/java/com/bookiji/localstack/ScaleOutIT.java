package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.bookiji.localstack.LauncherScript.Result;
import com.bookiji.platform.client.BookingClient;
import com.bookiji.platform.client.NewSlot;
import com.bookiji.platform.client.Reservation;
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
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./bookiji up --replicas 2}: two instances of reservation-, availability- and payment-service
 * on one machine share the work (consumer group partitions, requests to either instance), one relay
 * per database streams while the other stands by and takes over after a {@code kill -9}, a deadline
 * fires once however many instances poll for it, and every saga ends correct.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("the local stack with two instances of each service")
class ScaleOutIT {

  /** Ports 16080-16084 and 16180-16183, 17092-17093, 20111, 23432: below the ephemeral range. */
  private static final int PORT_OFFSET = 8000;
  private static final List<String> SCALED = List.of("reservation-service", "availability-service", "payment-service");
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(150);
  private static final Duration TAKE_OVER = Duration.ofSeconds(30);
  private static final int CONFIRMED_RUN = 24;
  private static final int EXPIRING_RUN = 6;
  private static final long PRICE = 3900;
  /**
   * Inbox consumers' client ids are {@code <consumer>@<process>-<n>}, the process being the launcher's
   * {@code spring.kafka.client-id}: {@code reservation-service@reservation-service-2-0}.
   */
  private static final Pattern CLIENT_ID = Pattern.compile("^[a-z-]+@([a-z]+-service)(-(\\d+))?-\\d+$");

  private static Path repo;
  private static Path stateDir;
  private static StackLayout layout;
  private static LauncherScript launcher;
  private static String vendorId;
  private static final List<Booking> expiring = new ArrayList<>();
  private static final java.util.concurrent.atomic.AtomicInteger passed = new java.util.concurrent.atomic.AtomicInteger();

  /** Each reservation has its own requester: one requester may have only 10 awaiting payment. */
  record Booking(String slotId, String reservationId, String requester) {}

  @BeforeAll
  static void scaledStack() throws Exception {
    repo = Path.of(System.getProperty("bookiji.repo", LocalStack.findRepo().toString())).toAbsolutePath();
    stateDir = Path.of(System.getProperty("bookiji.scaleout.state-dir",
        repo.resolve("deploy/local-stack/target/scaleout-stack").toString())).toAbsolutePath();
    layout = StackLayout.resolve(repo, stateDir, PORT_OFFSET, 2);
    // Short vendor and payment deadlines, so that reservations nobody acts on expire during the test.
    launcher = new LauncherScript(repo, stateDir, PORT_OFFSET, Map.of(
        "BOOKIJI_RESERVATION_VENDORDECISIONTIMEOUT", DEADLINE.toSeconds() + "s",
        "BOOKIJI_RESERVATION_PAYMENTAUTHORIZATIONTIMEOUT", DEADLINE.toSeconds() + "s"));
    if (Files.exists(stateDir)) {
      run(Duration.ofMinutes(3), "reset");
    }
    Result up = run(Duration.ofMinutes(10), "up", "--replicas", "2", "--timeout", "540");
    assertThat(up.exitCode()).as("./bookiji up --replicas 2; output:\n%s", up.output()).isZero();
    for (String service : SCALED) {
      assertThat(up.output()).as("up names both instances").contains(service + "-2");
    }
    vendorId = "scale-vendor-" + UUID.randomUUID().toString().substring(0, 8);
    // Nobody acts on these: their deadlines run while the rest of the test does its work.
    for (int i = 0; i < EXPIRING_RUN; i++) {
      String slotId = createSlot(100 + i, 1 + i % 2);
      String requester = "scale-late-" + i;
      expiring.add(new Booking(slotId, reserve(slotId, 1 + i % 2, requester), requester));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (stateDir == null || !Files.exists(stateDir)) {
      return;
    }
    // On failure the state directory (logs/) stays for diagnosis; the next run resets it first.
    run(Duration.ofMinutes(3), passed.get() == 5 ? "reset" : "down");
    await("no process of " + stateDir + " left").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(ProcessHandle.allProcesses()
            .filter(h -> Platform.commandLine(h).contains("-Dbookiji.localstack=" + stateDir + "#")).map(ProcessHandle::pid))
            .isEmpty());
  }

  @Test
  @Order(1)
  @DisplayName("status lists both instances of each scaled service, each on its own port and UP")
  void statusShowsBothInstances() throws Exception {
    Result status = run(Duration.ofMinutes(1), "status");
    assertThat(status.exitCode()).as(status.output()).isZero();
    for (String service : SCALED) {
      int port = switch (service) {
        case "reservation-service" -> Stack.RESERVATION_PORT;
        case "availability-service" -> Stack.AVAILABILITY_PORT;
        default -> Stack.PAYMENT_PORT;
      };
      assertThat(status.output()).containsPattern(Pattern.quote(service) + " +\\d+ +UP +127\\.0\\.0\\.1:" + layout.port(port));
      assertThat(status.output()).containsPattern(Pattern.quote(service + "-2") + " +\\d+ +UP +127\\.0\\.0\\.1:"
          + layout.port(port + Stack.REPLICA_PORT_STEP));
    }
    assertThat(status.output()).doesNotContain("reconciler-2");
    passed.incrementAndGet();
  }

  @Test
  @Order(2)
  @DisplayName("the two instances of each service share its consumer groups: both own partitions")
  void partitionsShared() {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaComponent.bootstrap(layout));
    try (Admin client = Admin.create(admin)) {
      await("both instances of every scaled service own partitions").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Map<Integer, Integer>> partitionsByInstance = new TreeMap<>();
            List<String> groups = client.listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).toList();
            Map<String, ConsumerGroupDescription> described = client.describeConsumerGroups(groups).all()
                .get(10, TimeUnit.SECONDS);
            for (ConsumerGroupDescription group : described.values()) {
              for (MemberDescription member : group.members()) {
                Matcher m = CLIENT_ID.matcher(member.clientId());
                if (m.matches() && SCALED.contains(m.group(1))) {
                  int instance = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
                  partitionsByInstance.computeIfAbsent(group.groupId() + " (" + m.group(1) + ")", g -> new TreeMap<>())
                      .merge(instance, member.assignment().topicPartitions().size(), Integer::sum);
                }
              }
            }
            System.out.println("partitions per consumer group and instance: " + partitionsByInstance);
            for (String service : SCALED) {
              assertThat(partitionsByInstance.keySet()).as("groups of %s", service).anyMatch(g -> g.endsWith("(" + service + ")"));
            }
            partitionsByInstance.forEach((group, byInstance) -> {
              assertThat(byInstance.keySet()).as("instances in %s", group).containsExactly(1, 2);
              assertThat(byInstance.values()).as("partitions per instance in %s", group).allMatch(n -> n > 0);
            });
          });
    }
    passed.incrementAndGet();
  }

  @Test
  @Order(3)
  @DisplayName("reservations made through either instance all end CONFIRMED, each captured once and booked")
  void everyReservationConfirmedOnce() throws Exception {
    List<Booking> bookings = new ArrayList<>();
    for (int i = 0; i < CONFIRMED_RUN; i++) {
      int instance = 1 + i % 2;
      String slotId = createSlot(i, instance);
      String requester = "scale-requester-" + i;
      bookings.add(new Booking(slotId, reserve(slotId, instance, requester), requester));
    }
    Map<Booking, String> intents = new LinkedHashMap<>();
    for (int i = 0; i < bookings.size(); i++) {
      Booking b = bookings.get(i);
      String clientSecret = awaitClientSecret(b, 1 + i % 2);
      intents.put(b, clientSecret.substring(0, clientSecret.indexOf("_secret_")));
      confirmCard(b, clientSecret);
      vendorConfirms(b, 2 - i % 2);
    }
    await("every reservation terminal").atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .untilAsserted(() -> assertThat(views(bookings).values()).as("reservations").allMatch(Reservation::terminal));
    assertThat(states(bookings)).as("final states").allSatisfy((id, state) -> assertThat(state).isEqualTo("CONFIRMED"));

    JsonNode requests = Http.JSON.readTree(Http.get(layout.url(Stack.SIMULATOR_PORT)
        + "/_sim/requests?method=POST&path_prefix=/v1/payment_intents/").body());
    for (Booking b : bookings) {
      String intentId = intents.get(b);
      List<JsonNode> executed = new ArrayList<>();
      for (JsonNode r : requests) {
        if (("/v1/payment_intents/" + intentId + "/capture").equals(r.path("path").asText())
            && r.path("status").asInt() / 100 == 2 && !r.path("replayed").asBoolean()) {
          executed.add(r);
        }
      }
      assertThat(executed).as("captures executed for %s (%s)", b.reservationId(), intentId).hasSize(1);
      Slot slot = api(1).slot(token(vendorId, "VENDOR"), vendorId, b.slotId());
      assertThat(slot.state()).as("slot %s: %s", b.slotId(), slot).isEqualTo("BOOKED");
    }
    passed.incrementAndGet();
  }

  @Test
  @Order(4)
  @DisplayName("reservations nobody acts on each expire once, with one ReleaseHold, though two instances poll the deadlines")
  void deadlinesFireOnce() throws Exception {
    await("the unattended reservations expire").atMost(DEADLINE.plus(SETTLE)).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(states(expiring).values()).as("states").allMatch("EXPIRED"::equals));
    for (Booking b : expiring) {
      Reservation view = reservation(b.reservationId(), 2);
      long expiries = view.timeline().stream().filter(step -> "EXPIRED".equals(step.toState())).count();
      assertThat(expiries).as("transitions to EXPIRED of %s: %s", b.reservationId(), view.timeline()).isEqualTo(1);
      String url = layout.url(Stack.RECONCILER_PORT) + "/ops/reservations/" + b.reservationId() + "/lifecycle";
      await("ReleaseHold of " + b.reservationId() + " observed").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> releases = new HashSet<>();
            for (JsonNode m : Http.get(url, bearer("scale-oncall", "OPS")).json().path("messages")) {
              if ("ReleaseHold".equals(m.path("eventType").asText())) {
                releases.add(m.path("eventId").asText());
              }
            }
            assertThat(releases).as("ReleaseHold commands (by event id) of %s", b.reservationId()).hasSize(1);
          });
      Slot slot = api(1).slot(token(vendorId, "VENDOR"), vendorId, b.slotId());
      assertThat(slot.state()).as("slot %s: %s", b.slotId(), slot).isEqualTo("FREE");
    }
    passed.incrementAndGet();
  }

  @Test
  @Order(5)
  @DisplayName("one relay per database streams, the other instance stands by and takes over after kill -9 of the holder")
  void oneRelayPerDatabaseAndTakeOver() throws Exception {
    // The ops console reads every instance (the launcher gave the reconciler each one's URL).
    await("the console's relay table lists both instances of each scaled service").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          JsonNode relays = Http.get(layout.url(Stack.RECONCILER_PORT) + "/ops/api/outbox-relays",
              bearer("scale-oncall", "OPS")).json().path("relays");
          for (String service : SCALED) {
            List<JsonNode> instances = new ArrayList<>();
            relays.forEach(r -> {
              if (service.equals(r.path("service").asText())) {
                instances.add(r);
              }
            });
            assertThat(instances).as("%s in %s", service, relays).hasSize(2);
            assertThat(instances).as("%s streaming", service).filteredOn(r -> r.path("streaming").asBoolean()).hasSize(1);
          }
        });
    for (String service : SCALED) {
      int port = switch (service) {
        case "reservation-service" -> Stack.RESERVATION_PORT;
        case "availability-service" -> Stack.AVAILABILITY_PORT;
        default -> Stack.PAYMENT_PORT;
      };
      Map<Integer, String> roles = new TreeMap<>();
      await(service + ": one ACTIVE, one STANDBY").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> {
            roles.put(1, relayRole(port, 1));
            roles.put(2, relayRole(port, 2));
            assertThat(roles.values()).as("%s relay roles by instance", service).containsExactlyInAnyOrder("ACTIVE", "STANDBY");
          });
      int active = roles.get(1).equals("ACTIVE") ? 1 : 2;
      int standby = 3 - active;
      String holder = Stack.instanceName(service, active);
      ProcessHandle process = new ProcessControl(layout).running(holder).orElseThrow();
      long killedAt = System.nanoTime();
      assertThat(process.destroyForcibly()).as("SIGKILL to %s", holder).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
      await(service + " instance " + standby + " takes over").atMost(TAKE_OVER).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> {
            JsonNode relay = relay(port, standby);
            assertThat(relay.path("details").path("role").asText()).isEqualTo("ACTIVE");
            assertThat(relay.path("details").path("streaming").asBoolean()).isTrue();
          });
      System.out.printf("%s: kill -9 of %s (pid %d, the relay holder); instance %d streams after %d ms%n", service, holder,
          process.pid(), standby, Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
    }
    passed.incrementAndGet();
  }

  // ---- relays ----

  private static String relayRole(int port, int instance) throws Exception {
    return relay(port, instance).path("details").path("role").asText("NONE");
  }

  private static JsonNode relay(int port, int instance) throws Exception {
    Http.Response health = Http.get(layout.url(Stack.instancePort(port, instance)) + "/actuator/health");
    return health.json().path("components").path("outboxRelay");
  }

  // ---- the human steps, through either instance's public API ----

  private static String createSlot(int hour, int instance) throws Exception {
    Instant start = Instant.now().plus(6, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(hour, ChronoUnit.HOURS);
    return api(instance).createSlot(token(vendorId, "VENDOR"), vendorId,
        NewSlot.of(start, Duration.ofMinutes(45), "Europe/Berlin", PRICE, "EUR")).id();
  }

  private static String reserve(String slotId, int instance, String requester) throws Exception {
    return api(instance).reserve(token(requester, "REQUESTER"), slotId, UUID.randomUUID().toString()).reservation().id();
  }

  private static String awaitClientSecret(Booking b, int instance) {
    String[] secret = new String[1];
    await("client secret of " + b.reservationId()).atMost(SETTLE).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
        .untilAsserted(() -> {
          Reservation view = api(instance).reservation(token(b.requester(), "REQUESTER"), b.reservationId());
          assertThat(view.terminal()).as("%s ended: %s", b.reservationId(), view).isFalse();
          secret[0] = view.clientSecret().orElseThrow(() -> new AssertionError("no client secret yet: " + view));
        });
    return secret[0];
  }

  private static void confirmCard(Booking b, String clientSecret) throws Exception {
    StripeJs.Confirmation confirmed = LauncherScript.browser(layout).confirmCard(clientSecret, "pm_card_visa");
    assertThat(confirmed.ok()).as("confirm card of %s: %s", b.reservationId(), confirmed).isTrue();
  }

  private static void vendorConfirms(Booking b, int instance) throws Exception {
    api(instance).decide(token(vendorId, "VENDOR"), b.reservationId(), VendorDecision.CONFIRM, "scale-out test");
  }

  private static Map<String, Reservation> views(List<Booking> bookings) throws Exception {
    Map<String, Reservation> views = new LinkedHashMap<>();
    for (int i = 0; i < bookings.size(); i++) {
      views.put(bookings.get(i).reservationId(), reservation(bookings.get(i).reservationId(), 1 + i % 2));
    }
    return views;
  }

  private static Map<String, String> states(List<Booking> bookings) throws Exception {
    Map<String, String> states = new LinkedHashMap<>();
    views(bookings).forEach((id, view) -> states.put(id, view.state()));
    return states;
  }

  private static Reservation reservation(String id, int instance) throws Exception {
    return api(instance).reservation(token("scale-oncall", "OPS"), id);
  }

  private static BookingClient api(int instance) {
    return LauncherScript.bookingClient(layout, instance);
  }

  private static String token(String subject, String role) throws IOException {
    return LauncherScript.token(layout, subject, role);
  }

  private static Map<String, String> bearer(String subject, String role) throws IOException {
    return LauncherScript.bearer(layout, subject, role);
  }

  // ---- the launcher script ----


  private static Result run(Duration timeout, String... args) throws IOException {
    return launcher.run(timeout, args);
  }
}
