package com.bookiji.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.SlotGuard;
import com.bookiji.platform.testkit.TestDatabase;
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
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #22: the whole PostgreSQL server (postmaster and every backend) is stopped with SIGSTOP
 * twice while outbox rows are written, each time for longer than the driver's timeouts (the lock
 * connection's 2 s validation and 30 s socket timeout, the offset store's 30 s), the leadership
 * lease (15 s), the relay's slot-release timeout (10 s) and Debezium's keep-alive interval (10 s):
 * first while the relay streams, then exactly while a new engine's connector task starts — the
 * window in which Debezium refuses to close an engine, where the zombie of the issue was born.
 */
@DisplayName("Database stall: a relay recovers its slot after PostgreSQL is frozen twice (#22)")
class DatabaseFreezeIT {

  static final Duration FIRST_FREEZE = Duration.ofSeconds(45);
  static final Duration SECOND_FREEZE = Duration.ofSeconds(60);
  static final Duration RELAY_BOUND = Duration.ofSeconds(120);
  /** About 200 rows a second: a busy service, not a flood that takes minutes to drain here. */
  static final Duration WRITE_PACE = Duration.ofMillis(5);

  @AutoClose
  final Skeletons skeletons = new Skeletons();

  @Test
  @DisplayName("after two freezes (one while streaming, one while the connector task starts) every row written meanwhile is relayed within a bound, no thread of an earlier engine is left, and the slot is read by the relay's current connection")
  void relayRecoversAfterTwoFreezes() throws Exception {
    TestDatabase db = skeletons.database("pgstall");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    SkeletonApp.ScriptedRelayHooks hooks = app.getBean(SkeletonApp.ScriptedRelayHooks.class);
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
        LockSupport.parkNanos(WRITE_PACE.toNanos()); // load shaping, not synchronisation
      }
    });
    Instant lastThaw;
    try {
      awaitMoreWritten(written, 20);
      lastThaw = freeze(postmaster, FIRST_FREEZE, () -> {});
      awaitStreamingAgain(relay, lastThaw, 1);

      // A new engine, held right before its connector task starts; the freeze begins there.
      awaitMoreWritten(written, 20);
      hooks.pauseNextTaskStart();
      terminateSlotReader(jdbc, relay);
      hooks.awaitTaskStartPaused(Duration.ofSeconds(60));
      lastThaw = freeze(postmaster, SECOND_FREEZE, hooks::resumeTaskStart);
      awaitStreamingAgain(relay, lastThaw, 2);
      awaitMoreWritten(written, 20);
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
        + ", forced engine closes: " + relay.forcedCloseCount()
        + ", slot takeovers: " + relay.slotGuard().takeoverCount());
    await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM outbox", Integer.class) == 0);

    // Nothing of an earlier engine is left: every engine thread lives in the current engine's
    // group, each Debezium thread exists once, and the relay reports no leftover.
    try {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(relay.leftoverEngineThreads()).isEmpty();
        assertThat(engineThreadGroups(relay)).hasSize(1);
        assertThat(engineThreadsByName(relay)).isNotEmpty().allSatisfy((name, count) ->
            assertThat(count).as(name).isEqualTo(1));
      });
    } catch (ConditionTimeoutException e) {
      printEngineThreads();
      throw e;
    }
    // The slot is read by the current engine's connection: the only Debezium replication
    // connection of this database, opened after the current engine started, which started after
    // the last thaw.
    Instant engineStarted = relay.currentEngineStartedAt().orElseThrow();
    assertThat(engineStarted).isAfter(lastThaw);
    SlotGuard.SlotHolder holder = relay.slotGuard().holder().orElseThrow();
    assertThat(holder.applicationName()).isEqualTo("Debezium Streaming");
    assertThat(holder.backendStart()).isAfter(engineStarted.minusSeconds(1));
    assertThat(jdbc.queryForList("""
        SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'Debezium Streaming'""",
        Integer.class)).containsExactly(holder.pid());
    assertThat(relay.isStreaming()).isTrue();
  }

  private static void awaitMoreWritten(List<String> written, int more) {
    int before = written.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> written.size() >= before + more);
  }

  private static void awaitStreamingAgain(OutboxRelay relay, Instant thawed, int round) {
    await().atMost(RELAY_BOUND).until(() -> relay.isStreaming()
        && readByConnectionSince(relay, thawed));
    System.out.println("freeze " + round + ": the relay streams again "
        + Duration.between(thawed, Instant.now()).toMillis() + " ms after SIGCONT");
  }

  /** Ends the engine's replication connection, so the relay starts a new engine. */
  private static void terminateSlotReader(JdbcTemplate jdbc, OutboxRelay relay) throws Exception {
    int pid = relay.slotGuard().holder().orElseThrow().pid();
    jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid);
  }

  private static void printEngineThreads() {
    Thread.getAllStackTraces().forEach((t, stack) -> {
      ThreadGroup group = t.getThreadGroup();
      if (group != null && group.getName().startsWith("outbox-relay-engine-")) {
        System.out.println("engine thread " + t.getName() + " [" + group.getName() + "] "
            + t.getState());
        for (StackTraceElement frame : stack) {
          System.out.println("    at " + frame);
        }
      }
    });
  }

  /** Thread groups of this relay's engines that still have a live thread. */
  private static Set<String> engineThreadGroups(OutboxRelay relay) {
    String prefix = "outbox-relay-engine-" + relay.slotName().substring("bookiji_outbox_".length()) + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !EngineCloseIT.isSharedPoolThread(t.getName()))
        .map(Thread::getThreadGroup)
        .filter(group -> group != null && group.getName().startsWith(prefix))
        .map(ThreadGroup::getName)
        .collect(Collectors.toSet());
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

  /**
   * SIGSTOP the postmaster and all its backends for {@code duration}, running {@code whileFrozen}
   * once they are stopped; returns when thawed.
   */
  private static Instant freeze(int postmaster, Duration duration, Runnable whileFrozen)
      throws Exception {
    List<Long> pids = new ArrayList<>();
    pids.add((long) postmaster);
    ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
    signal("STOP", pids);
    System.out.println("PostgreSQL frozen (" + pids.size() + " processes) for " + duration);
    try {
      whileFrozen.run();
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
