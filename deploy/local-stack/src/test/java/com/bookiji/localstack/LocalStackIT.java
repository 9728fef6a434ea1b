package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.client.BookingClient;
import com.bookiji.platform.client.NewSlot;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.Slot;
import com.bookiji.localstack.LauncherScript.Result;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives the launcher as a newcomer does, on what looks like a fresh machine (an empty temporary
 * directory, so PostgreSQL is unpacked by this very start): {@code ./bookiji up}, {@code status}, the
 * demo's three outcomes, a {@code kill -9} of the PostgreSQL component followed by {@code down} and
 * {@code up}, then {@code down}. It runs in its own state directory with every port shifted, so it
 * never touches a developer's running stack; its logs stay in target/ for diagnosis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("the local stack launcher")
class LocalStackIT {

  /**
   * Ports below the kernel's ephemeral range (32768+), where no test's random port can land, and
   * away from a developer's stack on the default ports: 18080-18084, 19092-19093, 22111, 25432.
   */
  private static final int PORT_OFFSET = 10000;
  private static Path repo;
  private static Path stateDir;
  private static StackLayout layout;
  private static LauncherScript launcher;
  /** The stack's java.io.tmpdir: empty at the start, as on a machine where nothing was unpacked. */
  private static Path tempDir;

  @BeforeAll
  static void freshStateDirectory() throws IOException {
    repo = Path.of(System.getProperty("bookiji.repo", LocalStack.findRepo().toString())).toAbsolutePath();
    stateDir = repo.resolve("deploy/local-stack/target/it-stack");
    tempDir = repo.resolve("deploy/local-stack/target/it-stack-tmp");
    layout = StackLayout.resolve(repo, stateDir, PORT_OFFSET);
    launcher = new LauncherScript(repo, stateDir, PORT_OFFSET, Map.of(
        // Every JVM of the stack (launcher, PostgreSQL holder, broker, services) sees the empty temp dir.
        "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tempDir,
        // A setting as a user exports it (README "Settings"); settingFromEnvironment checks it arrived.
        "BOOKIJI_RESERVATION_VENDORDECISIONTIMEOUT", "7m"));
    // A previous run's state directory (interrupted, or kept by a run without clean): stopped and wiped first.
    stop();
    if (Files.exists(stateDir)) {
      run(Duration.ofMinutes(2), "reset");
    }
    StackProcesses.deleteRecursively(tempDir);
    Files.createDirectories(tempDir);
  }

  @AfterAll
  static void stop() throws IOException {
    if (stateDir != null && Files.exists(stateDir.resolve("run"))) {
      run(Duration.ofMinutes(3), "down");
    }
  }

  @Test
  @Order(1)
  @DisplayName("up starts every process and waits until each one is ready")
  void up() throws IOException {
    Result up = run(Duration.ofMinutes(12), "up", "--timeout", "600");
    assertThat(up.exitCode()).as("./bookiji up exit code; output:\n%s", up.output()).isZero();
    assertThat(up.output()).contains("Where to look:", "Public API", "http://127.0.0.1:" + (8080 + PORT_OFFSET),
        "every relay streams, the backlog of earlier runs is relayed");
    try (var unpacked = Files.list(tempDir.resolve("embedded-pg"))) {
      assertThat(unpacked.map(p -> p.getFileName().toString()))
          .as("PostgreSQL unpacked by this start into the empty temporary directory").anyMatch(n -> n.matches("PG-[0-9a-f]+"));
    }
  }

  @Test
  @Order(2)
  @DisplayName("status reports every process UP")
  void status() {
    // Health is re-evaluated on every call (a relay may be reconnecting for a moment): poll.
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
      Result status = run(Duration.ofMinutes(2), "status");
      assertThat(status.exitCode()).as("status output:\n%s", status.output()).isZero();
      for (String name : List.of("postgres", "kafka", "schema-registry", "stripe-simulator",
          "availability-service", "payment-service", "reservation-service", "reconciler")) {
        assertThat(status.output()).containsPattern(name + "\\s+\\d+\\s+UP");
      }
    });
  }

  @Test
  @Order(3)
  @DisplayName("the demo books its three outcomes through the public API")
  void demo() throws IOException {
    Result demo = run(Duration.ofMinutes(6), "demo");
    assertThat(demo.exitCode()).as("./bookiji demo output:\n%s", demo.output()).isZero();
    assertThat(demo.output()).contains("CONFIRMED", "FAILED_VENDOR_DECLINED", "FAILED_PAYMENT");
  }

  @Test
  @Order(4)
  @DisplayName("a setting exported before up reaches its service (BOOKIJI_RESERVATION_VENDORDECISIONTIMEOUT=7m)")
  void settingFromEnvironment() throws Exception {
    String vendor = "settings-vendor-" + UUID.randomUUID().toString().substring(0, 8);
    Instant start = Instant.now().plus(6, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    BookingClient api = LauncherScript.bookingClient(layout, 1);
    Slot slot = api.createSlot(LauncherScript.token(layout, vendor, "VENDOR"), vendor,
        NewSlot.of(start, Duration.ofMinutes(45), "Europe/Berlin", 2500, "EUR"));
    String id = api.reserve(LauncherScript.token(layout, "settings-requester", "REQUESTER"), slot.id(),
        UUID.randomUUID().toString()).reservation().id();

    Reservation[] view = new Reservation[1];
    String ops = LauncherScript.token(layout, "settings-oncall", "OPS");
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
      view[0] = api.reservation(ops, id);
      assertThat(view[0].state()).isEqualTo("AWAITING_CONFIRMATIONS");
    });
    // Both deadlines are set in the same step, one 7 minutes (the variable) and one 10 minutes (default) ahead.
    Instant vendorDecision = view[0].deadlines().get("VENDOR_DECISION");
    Instant paymentAuthorization = view[0].deadlines().get("PAYMENT_AUTHORIZATION");
    assertThat(Duration.between(vendorDecision, paymentAuthorization)).as("deadlines %s", view[0].deadlines())
        .isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  @Order(5)
  @DisplayName("after kill -9 of the PostgreSQL component, down leaves no process of the stack and up comes up again")
  void postgresComponentKilled() throws Exception {
    ProcessControl processes = new ProcessControl(layout);
    ProcessHandle holder = processes.running("postgres").orElseThrow();
    holder.destroyForcibly(); // SIGKILL: what an out-of-memory killer does; its server stays behind
    holder.onExit().get(30, TimeUnit.SECONDS);
    assertThat(StackProcesses.of(stateDir)).as("the orphaned PostgreSQL server").isNotEmpty();

    Result down = run(Duration.ofMinutes(3), "down");
    assertThat(down.exitCode()).as("down output:\n%s", down.output()).isZero();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(StackProcesses.of(stateDir)).as("processes of the stack after down").isEmpty());

    Result up = run(Duration.ofMinutes(10), "up", "--timeout", "540");
    assertThat(up.exitCode()).as("./bookiji up output:\n%s", up.output()).isZero();
  }

  @Test
  @Order(6)
  @DisplayName("down stops every process and keeps the data")
  void down() throws IOException {
    Result down = run(Duration.ofMinutes(3), "down");
    assertThat(down.exitCode()).isZero();
    ProcessControl processes = new ProcessControl(layout);
    for (Component c : new Stack().all()) {
      assertThat(processes.running(c.name())).as(c.name() + " still running").isEmpty();
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(StackProcesses.of(stateDir)).as("processes of the stack after down").isEmpty());
    assertThat(layout.dataDir("postgres").resolve("PG_VERSION")).exists();
    assertThat(layout.dataDir("kafka").resolve("meta.properties")).exists();
  }


  private static Result run(Duration timeout, String... args) throws IOException {
    return launcher.run(timeout, args);
  }
}
