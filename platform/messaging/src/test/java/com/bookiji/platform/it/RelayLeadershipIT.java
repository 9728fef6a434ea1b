package com.bookiji.platform.it;

import static com.bookiji.platform.it.Skeletons.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.LeadershipLock;
import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.RelayDatabase;
import com.bookiji.platform.outbox.relay.RelayRole;
import com.bookiji.platform.testkit.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("Relay leadership: a holder that cannot publish or has vanished gives way within a bound (#12 item 2)")
class RelayLeadershipIT {


  @AutoClose
  final Skeletons skeletons = new Skeletons();

  @Test
  @DisplayName("a holder that stops renewing its lease (a frozen process keeps its connection) loses the lock within the lease, and the standby relays")
  void frozenHolderLosesTheLock() {
    TestDatabase db = skeletons.database("frozenholder");
    Duration lease = Duration.ofSeconds(3);
    LeadershipLock frozen = new LeadershipLock(
        RelayDatabase.fromJdbcUrl(db.jdbcUrl(), db.username(), db.password()),
        "bookiji.outbox.relay.bookiji_outbox_frozenholder", lease);
    ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
    try {
      await().atMost(DEADLINE).until(frozen::tryAcquire);
      renewals.scheduleWithFixedDelay(frozen::isHeld, 0, 500, TimeUnit.MILLISECONDS);
      ConfigurableApplicationContext standby = skeletons.start(db, Map.of());
      OutboxRelay relay = standby.getBean(OutboxRelay.class);
      await().atMost(DEADLINE).until(() -> relay.role() == RelayRole.STANDBY);
      // While the holder renews, it keeps the lock well beyond the lease.
      await().during(lease.multipliedBy(2)).atMost(lease.multipliedBy(4))
          .until(() -> relay.role() == RelayRole.STANDBY);

      renewals.shutdownNow(); // the holder freezes: its connection stays open, it says nothing
      long frozenAt = System.nanoTime();
      await().atMost(DEADLINE).until(relay::isStreaming);
      Duration takeover = Duration.ofNanos(System.nanoTime() - frozenAt);
      System.out.println("the standby streams " + takeover.toMillis()
          + " ms after the holder stopped renewing a lease of " + lease.toMillis() + " ms");
      assertThat(takeover).isLessThan(lease.plusSeconds(15));
      assertRelays(standby, db);
    } finally {
      renewals.shutdownNow();
      frozen.close();
    }
  }

  @Test
  @DisplayName("a holder whose broker is unreachable steps down after repeated engine failures, and the standby relays its backlog")
  void holderThatCannotPublishStepsDown() {
    TestDatabase db = skeletons.database("cutholder");
    // The cut instance reads nothing: its dead-letter producer is cut too, so a consumer of its
    // would stall on the first rejected record of the shared topic's history (earlier tests'),
    // and with it every record behind that one in the partition.
    ConfigurableApplicationContext cut = skeletons.start(db, Map.of(
        "skeleton.consume", "false",
        "spring.kafka.producer.bootstrap-servers", "127.0.0.1:9",
        "spring.kafka.producer.properties.max.block.ms", "1000",
        "bookiji.outbox.relay.step-down-after-failures", "2",
        "bookiji.outbox.relay.step-down-cooldown", "60s",
        "bookiji.outbox.relay.engine-restart-max-backoff", "2s"));
    OutboxRelay cutRelay = cut.getBean(OutboxRelay.class);
    await().atMost(DEADLINE).until(() -> cutRelay.role() == RelayRole.ACTIVE);
    ConfigurableApplicationContext healthy = skeletons.start(db, Map.of());
    OutboxRelay healthyRelay = healthy.getBean(OutboxRelay.class);
    await().atMost(DEADLINE).until(() -> healthyRelay.role() == RelayRole.STANDBY);

    long writtenAt = System.nanoTime();
    String reservation = assertRelays(healthy, db);
    System.out.println("written while the holder could not publish, applied "
        + Duration.ofNanos(System.nanoTime() - writtenAt).toMillis() + " ms later via the standby");
    assertThat(cutRelay.stepDownCount()).isGreaterThanOrEqualTo(1);
    assertThat(cutRelay.role()).isEqualTo(RelayRole.STANDBY);
    assertThat(healthyRelay.role()).isEqualTo(RelayRole.ACTIVE);
    assertThat(reservation).isNotNull();
  }

  private static String assertRelays(ConfigurableApplicationContext app, TestDatabase db) {
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    String reservation = SkeletonApp.requestHold(app);
    SkeletonApp.awaitHoldApplied(jdbc, reservation, DEADLINE);
    await().atMost(DEADLINE).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM outbox", Integer.class) == 0);
    return reservation;
  }

}
