package com.bookiji.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.SlotGuard;
import com.bookiji.platform.testkit.TestApps;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #22: the whole PostgreSQL server (postmaster and every backend) is stopped with SIGSTOP
 * for longer than the relay's lock check (2 s) and its wait for a closing engine (30 s), twice,
 * while outbox rows are written.
 */
@DisplayName("Database stall: a relay recovers its slot after PostgreSQL is frozen twice (#22)")
class DatabaseFreezeIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final Duration FREEZE = Duration.ofSeconds(40);
  static final Duration RELAY_BOUND = Duration.ofSeconds(120);

  final List<ConfigurableApplicationContext> apps = new ArrayList<>();

  @AfterEach
  void closeApps() {
    apps.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  @DisplayName("after two freezes every row written meanwhile is relayed within a bound, no thread of an earlier engine is left, and the slot is read by the relay's current connection")
  void relayRecoversAfterTwoFreezes() throws Exception {
    TestDatabase db = infra.createDatabase("pgstall");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = TestApps.start(SkeletonApp.class, db,
        Map.of("skeleton.consumer-name", "skeleton-" + db.name()));
    apps.add(app);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    await().atMost(Duration.ofSeconds(60)).until(relay::isStreaming);
    SkeletonApp.ReservationDesk desk = app.getBean(SkeletonApp.ReservationDesk.class);
    int postmaster = postmasterPid(jdbc);

    List<String> written = new CopyOnWriteArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      int i = 0;
      while (writing.get()) {
        String id = UUID.randomUUID().toString();
        desk.requestHold(id, "slot-" + i++);
        written.add(id);
      }
    });
    try {
      for (int round = 1; round <= 2; round++) {
        int before = written.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> written.size() >= before + 20);
        Instant thawed = freeze(postmaster, FREEZE);
        await().atMost(RELAY_BOUND).until(() -> relay.isStreaming()
            && readByConnectionSince(relay, thawed));
        System.out.println("freeze " + round + ": the relay streams again "
            + Duration.between(thawed, Instant.now()).toMillis() + " ms after SIGCONT");
      }
      int before = written.size();
      await().atMost(Duration.ofSeconds(60)).until(() -> written.size() >= before + 20);
    } finally {
      writing.set(false);
    }
    writer.get(60, TimeUnit.SECONDS);

    long settling = System.nanoTime();
    Set<String> ours = Set.copyOf(written);
    await().atMost(RELAY_BOUND).until(() -> appliedOnce(jdbc, ours) == ours.size());
    System.out.println("all " + ours.size() + " rows relayed and applied "
        + Duration.ofNanos(System.nanoTime() - settling).toMillis()
        + " ms after the last write; relay engine restarts: " + relay.engineRestartCount()
        + ", slot takeovers: " + relay.slotGuard().takeoverCount());
    await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM outbox", Integer.class) == 0);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(engineThreadsByName(relay)).allSatisfy((name, count) ->
            assertThat(count).as(name).isEqualTo(1)));
    assertThat(relay.slotGuard().holder()).get()
        .satisfies(holder -> assertThat(holder.applicationName()).isEqualTo("Debezium Streaming"));
  }

  /** The slot is read by a connection opened after {@code since}: the current engine's. */
  private static boolean readByConnectionSince(OutboxRelay relay, Instant since) throws Exception {
    Optional<SlotGuard.SlotHolder> holder = relay.slotGuard().holder();
    return holder.isPresent() && holder.get().backendStart() != null
        && holder.get().backendStart().isAfter(since);
  }

  private static long appliedOnce(JdbcTemplate jdbc, Set<String> ours) {
    List<Integer> applied = new ArrayList<>();
    jdbc.query("SELECT applied FROM skeleton_effect WHERE reservation_id = ANY (?)",
        rs -> {
          applied.add(rs.getInt(1));
        }, (Object) ours.toArray(String[]::new));
    assertThat(applied).allMatch(times -> times == 1);
    return applied.size();
  }

  /** Debezium's threads of this relay by name: an earlier engine's would appear twice. */
  private static Map<String, Long> engineThreadsByName(OutboxRelay relay) {
    String marker = "outbox_relay_" + relay.slotName().substring("bookiji_outbox_".length());
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.contains(marker))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static int postmasterPid(JdbcTemplate jdbc) {
    int backend = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
    return (int) ProcessHandle.of(backend).flatMap(ProcessHandle::parent)
        .orElseThrow(() -> new IllegalStateException("no postmaster above backend " + backend))
        .pid();
  }

  /** SIGSTOP the postmaster and all its backends for {@code duration}; returns when thawed. */
  private static Instant freeze(int postmaster, Duration duration) throws Exception {
    List<Long> pids = new ArrayList<>();
    pids.add((long) postmaster);
    ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
    signal("STOP", pids);
    System.out.println("PostgreSQL frozen (" + pids.size() + " processes) for " + duration);
    try {
      Thread.sleep(duration.toMillis()); // the stall itself, not a synchronisation
    } finally {
      signal("CONT", pids);
    }
    return Instant.now();
  }

  private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(String.valueOf(pid)));
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    kill.waitFor(10, TimeUnit.SECONDS);
  }
}
