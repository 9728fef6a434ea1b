package com.bookiji.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.RelayRole;
import com.bookiji.platform.testkit.TestApps;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("Relay failover: crashes mid-stream lose nothing and duplicate no effect")
class RelayFailoverIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final int MESSAGES = 1000;

  final List<ConfigurableApplicationContext> apps = new ArrayList<>();

  @AfterEach
  void closeApps() {
    apps.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  @DisplayName("a second instance stays standby, takes over within seconds when the active one dies mid-stream, and every one of 1,000 messages is applied exactly once")
  void standbyTakesOverWhenActiveDies() {
    TestDatabase db = infra.createDatabase("failover");
    ConfigurableApplicationContext first = start(db);
    OutboxRelay firstRelay = first.getBean(OutboxRelay.class);
    await().atMost(Duration.ofSeconds(30)).until(firstRelay::isStreaming);
    ConfigurableApplicationContext second = start(db);
    OutboxRelay secondRelay = second.getBean(OutboxRelay.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> secondRelay.role() == RelayRole.STANDBY);
    assertThat(second.getBean("outboxRelayHealthIndicator", HealthIndicator.class).health()
        .getStatus()).isEqualTo(Status.UP);

    // Written through the surviving instance, so writing continues across the crash.
    SkeletonApp.ReservationDesk desk = second.getBean(SkeletonApp.ReservationDesk.class);
    AtomicInteger written = new AtomicInteger();
    CompletableFuture<List<String>> writer = writeInBackground(desk, written);
    await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= MESSAGES / 3);
    assertThat(secondRelay.role()).isEqualTo(RelayRole.STANDBY);

    TestApps.kill(first);
    apps.remove(first);
    long killedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(15)).until(secondRelay::isStreaming);
    Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
    assertThat(takeover).isLessThan(Duration.ofSeconds(10));
    System.out.println("standby took over and streams " + takeover.toMillis() + " ms after the kill");

    List<String> reservations = writer.join();
    assertAllAppliedExactlyOnce(db, reservations);
  }

  @Test
  @DisplayName("a relay engine crashed mid-stream and restarted loses nothing and duplicates no effect")
  void crashedRelayRestartsWithoutLossOrDuplicateEffects() {
    TestDatabase db = infra.createDatabase("relaycrash");
    ConfigurableApplicationContext app = start(db);
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    await().atMost(Duration.ofSeconds(30)).until(relay::isStreaming);

    AtomicInteger written = new AtomicInteger();
    CompletableFuture<List<String>> writer =
        writeInBackground(app.getBean(SkeletonApp.ReservationDesk.class), written);
    await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= MESSAGES / 3);
    long relayedBeforeCrash = relay.relayedCount();
    relay.crash();
    assertThat(relay.role()).isEqualTo(RelayRole.STOPPED);
    relay.start();
    await().atMost(Duration.ofSeconds(15)).until(relay::isStreaming);

    List<String> reservations = writer.join();
    assertAllAppliedExactlyOnce(db, reservations);
    assertThat(relayedBeforeCrash).isLessThan(MESSAGES);
  }

  private ConfigurableApplicationContext start(TestDatabase db) {
    ConfigurableApplicationContext app = TestApps.start(SkeletonApp.class, db,
        Map.of("skeleton.consumer-name", "skeleton-" + db.name()));
    apps.add(app);
    return app;
  }

  private static CompletableFuture<List<String>> writeInBackground(
      SkeletonApp.ReservationDesk desk, AtomicInteger written) {
    return CompletableFuture.supplyAsync(() -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        String id = UUID.randomUUID().toString();
        desk.requestHold(id, "slot-" + i);
        ids.add(id);
        written.incrementAndGet();
        if (i % 100 == 0) {
          // Pace the writer a little so the crash lands mid-stream, not after it.
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      return ids;
    });
  }

  /**
   * The consumer group is new, so it also reads other tests' records from the shared topic: only
   * this test's reservations are counted.
   */
  private static void assertAllAppliedExactlyOnce(TestDatabase db, List<String> reservations) {
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    assertThat(reservations).hasSize(MESSAGES);
    Set<String> ours = Set.copyOf(reservations);
    await().atMost(Duration.ofSeconds(90)).until(() -> effects(jdbc, ours).size() == MESSAGES);
    Map<String, Integer> effects = effects(jdbc, ours);
    assertThat(effects.keySet()).containsExactlyInAnyOrderElementsOf(reservations);
    assertThat(effects.values()).allMatch(applied -> applied == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM outbox", Integer.class) == 0);
  }

  private static Map<String, Integer> effects(JdbcTemplate jdbc, Set<String> ours) {
    Map<String, Integer> effects = new HashMap<>();
    jdbc.query("SELECT reservation_id, applied FROM skeleton_effect", rs -> {
      if (ours.contains(rs.getString(1))) {
        effects.put(rs.getString(1), rs.getInt(2));
      }
    });
    return effects;
  }
}
