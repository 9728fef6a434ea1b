package com.bookiji.platform.it;

import static com.bookiji.platform.it.Skeletons.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.RelayRole;
import com.bookiji.platform.outbox.relay.SlotGuard;
import com.bookiji.platform.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("Replication slot held by another backend: the lock holder takes back only what is its own (#22)")
class SlotTakeoverIT {

  @AutoClose
  final Skeletons skeletons = new Skeletons(
      Map.of("bookiji.outbox.relay.engine-restart-max-backoff", "4s"));
  final List<AutoCloseable> readers = new ArrayList<>();

  /** Before the instances (@AutoClose closes them after every @AfterEach). */
  @AfterEach
  void closeReaders() throws Exception {
    for (AutoCloseable reader : readers) {
      reader.close();
    }
  }

  @Test
  @DisplayName("a slot held by a stale replication connection of the relay's database user is taken over by the lock holder, which then streams")
  void staleConnectionIsTerminated() throws Exception {
    TestDatabase db = skeletons.database("stalezombie");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    streamThenStop(relay);

    // What an engine whose close never finished leaves behind.
    SlotReader zombie = reader(db, relay.slotName(), "Debezium Streaming");
    await().atMost(DEADLINE).until(() -> holderPid(relay).equals(Optional.of(zombie.pid())));

    relay.start();
    await().atMost(DEADLINE).until(relay::isStreaming);
    assertThat(backendAlive(jdbc, zombie.pid())).isFalse();
    // The engine polls before its replication stream is open: the slot is read again soon after.
    await().atMost(DEADLINE).until(() ->
        holderPid(relay).filter(pid -> pid != zombie.pid()).isPresent());
    assertThat(relay.slotGuard().takeoverCount()).isEqualTo(1);

    SkeletonApp.awaitHoldApplied(jdbc, SkeletonApp.requestHold(app), DEADLINE);
  }

  @Test
  @DisplayName("a slot read by a live holder that is not the relay is left alone: nothing is terminated, health is DOWN with the reason while the engine cannot stream, and UP once it does")
  void liveHolderIsLeftAlone() throws Exception {
    TestDatabase db = skeletons.database("liveholder");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    HealthIndicator health = app.getBean("outboxRelayHealthIndicator", HealthIndicator.class);
    await().atMost(DEADLINE).until(relay::isStreaming);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    relay.stop();
    await().atMost(DEADLINE).until(() -> relay.slotGuard().holder().isEmpty());

    SlotReader other = reader(db, relay.slotName(), "someone-else");
    ScheduledExecutorService keepAlive = keepReading(other);
    await().atMost(DEADLINE).until(() -> holderPid(relay).equals(Optional.of(other.pid())));

    relay.start();
    await().atMost(DEADLINE).until(() -> relay.consecutiveEngineFailures() >= 2);
    Health down = health.health();
    assertThat(relay.role()).isEqualTo(RelayRole.ACTIVE);
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails()).containsEntry("streaming", false);
    assertThat((String) down.getDetails().get("reason")).contains("restart loop")
        .contains("not this relay");
    assertThat(relay.engineRestartCount()).isGreaterThanOrEqualTo(2);
    assertThat(backendAlive(jdbc, other.pid())).isTrue();
    assertThat(holderPid(relay)).contains(other.pid());
    assertThat(relay.slotGuard().takeoverCount()).isZero();

    keepAlive.shutdownNow();
    other.close();
    await().atMost(DEADLINE).until(relay::isStreaming);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    SkeletonApp.awaitHoldApplied(jdbc, SkeletonApp.requestHold(app), DEADLINE);
    // The batch resets the failure count once it is committed, which may be just after the
    // consumer applied its record.
    await().atMost(DEADLINE).until(() -> relay.consecutiveEngineFailures() == 0);
  }

  @Test
  @DisplayName("a closed engine's replication connection that does not end within the release timeout is ended by the relay itself")
  void lingeringConnectionOfAClosedEngineIsEnded() throws Exception {
    TestDatabase db = skeletons.database("lingering");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    streamThenStop(relay);

    // A connector task that survived its engine's close, as in issue #22, keeps reading the slot.
    SlotReader lingering = reader(db, relay.slotName(), "Debezium Streaming");
    keepReading(lingering);
    await().atMost(DEADLINE).until(() -> holderPid(relay).equals(Optional.of(lingering.pid())));

    relay.slotGuard().ensureReleased(Duration.ofSeconds(1));
    assertThat(backendAlive(jdbc, lingering.pid())).isFalse();
    assertThat(relay.slotGuard().holder()).isEmpty();
    assertThat(relay.slotGuard().takeoverCount()).isEqualTo(1);
  }

  /** The relay streams, then stops and lets go of its slot: the slot is free for a test's reader. */
  private static void streamThenStop(OutboxRelay relay) {
    await().atMost(DEADLINE).until(relay::isStreaming);
    relay.stop();
    await().atMost(DEADLINE).until(() -> relay.slotGuard().holder().isEmpty());
  }

  /**
   * Keeps the reader's replication connection busy, as a live client does, until the returned
   * executor is shut down. A reader that dies meanwhile is what the test's assertions look at.
   */
  private ScheduledExecutorService keepReading(SlotReader reader) {
    ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor();
    readers.add(keepAlive::shutdownNow);
    keepAlive.scheduleWithFixedDelay(() -> {
      try {
        reader.keepAlive();
      } catch (Exception e) {
        // noticed by the assertions (or ended by the relay: what a test may expect)
      }
    }, 0, 200, TimeUnit.MILLISECONDS);
    return keepAlive;
  }

  private SlotReader reader(TestDatabase db, String slot, String applicationName) throws Exception {
    SlotReader reader = SlotReader.open(db, slot, applicationName);
    readers.add(reader);
    return reader;
  }

  private static Optional<Integer> holderPid(OutboxRelay relay) throws Exception {
    return relay.slotGuard().holder().map(SlotGuard.SlotHolder::pid);
  }

  private static boolean backendAlive(JdbcTemplate jdbc, int pid) {
    return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE pid = ?",
        Integer.class, pid) == 1;
  }
}
