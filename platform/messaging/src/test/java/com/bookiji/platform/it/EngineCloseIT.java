package com.bookiji.platform.it;

import static com.bookiji.platform.it.Skeletons.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.RelayRole;
import com.bookiji.platform.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #22: "the relay had closed that engine but its connector task never stopped". Debezium's
 * close is made to hang, or to be refused as it is while the connector task starts, exactly when
 * the relay stops its engine — no database stall needed to get there.
 */
@DisplayName("Engine close: an engine the relay gives up on is really gone (#22)")
class EngineCloseIT {

  static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(3);

  @AutoClose
  final Skeletons skeletons = new Skeletons(Map.of(
      "bookiji.outbox.relay.slot-release-timeout", RELEASE_TIMEOUT.toSeconds() + "s"));

  @Test
  @DisplayName("when Debezium's close hangs, the relay ends the engine's connections and threads within a bound, and streams again afterwards")
  void hangingCloseIsEndedByTheRelay() throws Exception {
    TestDatabase db = skeletons.database("closehangs");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    SkeletonApp.ScriptedRelayHooks hooks = app.getBean(SkeletonApp.ScriptedRelayHooks.class);
    await().atMost(DEADLINE).until(relay::isStreaming);
    assertThat(engineThreads(relay)).isNotEmpty();
    assertThat(debeziumBackends(jdbc)).isPositive();

    hooks.hangEngineClose();
    long stopping = System.nanoTime();
    relay.stop();
    Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);
    System.out.println("stop with a hanging Debezium close took " + stopTook.toMillis() + " ms");

    assertThat(hooks.closeRequests()).isPositive();
    assertThat(relay.role()).isEqualTo(RelayRole.STOPPED);
    assertThat(stopTook).isLessThan(Duration.ofSeconds(30));
    assertThat(relay.forcedCloseCount()).isEqualTo(1);
    assertThat(engineThreads(relay)).isEmpty();
    assertThat(relay.leftoverEngineThreads()).isEmpty();
    assertThat(debeziumBackends(jdbc)).isZero();
    assertThat(relay.slotGuard().holder()).isEmpty();

    relay.start();
    await().atMost(DEADLINE).until(relay::isStreaming);
    SkeletonApp.awaitHoldApplied(jdbc, SkeletonApp.requestHold(app), DEADLINE);
  }

  @Test
  @DisplayName("when Debezium refuses to close while its task starts, the relay asks again until the engine stops by itself, and nothing is left behind")
  void refusedCloseIsAskedAgain() throws Exception {
    TestDatabase db = skeletons.database("closerefused");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    SkeletonApp.ScriptedRelayHooks hooks = app.getBean(SkeletonApp.ScriptedRelayHooks.class);
    await().atMost(DEADLINE).until(relay::isStreaming);
    // The stream's first heartbeat comes just after it starts, the next one a heartbeat interval
    // later: a batch delivered while the close is refused ends the given-up engine by itself.
    await().atMost(DEADLINE).until(() -> hooks.acknowledgedBatches() > 0);

    hooks.refuseEngineClose(3);
    relay.stop();

    assertThat(hooks.closeRequests()).isEqualTo(4);
    assertThat(relay.forcedCloseCount()).isZero();
    assertThat(engineThreads(relay)).isEmpty();
    assertThat(debeziumBackends(jdbc)).isZero();
    assertThat(relay.slotGuard().holder()).isEmpty();
  }

  /**
   * Live threads of any engine of this relay: Debezium names its threads after the relay's topic
   * prefix, and the relay starts each engine in a thread group of its own.
   */
  static List<String> engineThreads(OutboxRelay relay) {
    String identifier = relay.slotName().substring("bookiji_outbox_".length());
    String debeziumMarker = "outbox_relay_" + identifier + "-";
    String groupPrefix = "outbox-relay-engine-" + identifier + "-";
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      ThreadGroup group = t.getThreadGroup();
      boolean inEngineGroup = group != null && group.getName().startsWith(groupPrefix)
          && !isSharedPoolThread(t.getName());
      if (t.isAlive() && (inEngineGroup || t.getName().contains(debeziumMarker))) {
        names.add(t.getName() + " [" + (group == null ? "-" : group.getName()) + "]");
      }
    }
    return names;
  }

  /** Threads of the application's pools that an engine thread happened to start. */
  static boolean isSharedPoolThread(String name) {
    return name.startsWith("ForkJoinPool") || name.startsWith("PostgreSQL-JDBC")
        || name.contains(":connection-") || name.endsWith(":housekeeper");
  }

  static int debeziumBackends(JdbcTemplate jdbc) {
    return jdbc.queryForObject("""
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'Debezium%'""",
        Integer.class);
  }

}
