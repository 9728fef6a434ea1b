package com.bookiji.platform.it;

import static com.bookiji.platform.it.Skeletons.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.testkit.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #22: "streaming" is not "the engine polls". An engine that polls but whose batch does not
 * get through (held after Kafka's acknowledgement, before its commit, by a {@code RelayHooks}
 * seam) leaves the outbox ageing: health turns DOWN with the reason once the oldest row is older
 * than {@code max-backlog-age}, and UP again when the batch goes through.
 */
@DisplayName("Relay health: an engine that polls while its backlog ages is not streaming (#22)")
class RelayHealthIT {

  @AutoClose
  final Skeletons skeletons = new Skeletons();

  @Test
  @DisplayName("health is DOWN with the backlog's age while rows wait longer than max-backlog-age, and UP once they are relayed")
  void oldBacklogIsDown() throws Exception {
    TestDatabase db = skeletons.database("oldbacklog");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db, Map.of(
        "bookiji.outbox.relay.max-backlog-age", "3s"));
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    HealthIndicator health = app.getBean("outboxRelayHealthIndicator", HealthIndicator.class);
    SkeletonApp.ScriptedRelayHooks hooks = app.getBean(SkeletonApp.ScriptedRelayHooks.class);
    await().atMost(DEADLINE).until(relay::isStreaming);
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

    hooks.holdBatchCrossing(relay.relayedCount() + 1);
    String reservation = UUID.randomUUID().toString();
    app.getBean(SkeletonApp.ReservationDesk.class).requestHold(reservation, "slot-1");
    hooks.awaitBatchHeld(DEADLINE);
    await().atMost(DEADLINE).until(() -> health.health().getStatus().equals(Status.DOWN));
    Health down = health.health();
    assertThat(down.getDetails()).containsEntry("streaming", false).containsEntry("role", "ACTIVE");
    assertThat((String) down.getDetails().get("reason")).contains("the oldest outbox row is")
        .contains("limit 3 s");

    hooks.releaseHeldBatch();
    SkeletonApp.awaitHoldApplied(jdbc, reservation, DEADLINE);
    await().atMost(DEADLINE).until(() -> health.health().getStatus().equals(Status.UP));
    assertThat(health.health().getDetails()).containsEntry("streaming", true);
  }
}
