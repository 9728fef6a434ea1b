package com.bookiji.platform.outbox.relay;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health "outboxRelay": UP when this instance streams, or is a standby able to reach the lock;
 * DOWN when it holds the lock but has not been streaming for longer than the grace period.
 */
public class OutboxRelayHealthIndicator implements HealthIndicator {

  private static final Duration STARTUP_GRACE = Duration.ofSeconds(30);

  private final OutboxRelay relay;

  public OutboxRelayHealthIndicator(OutboxRelay relay) {
    this.relay = relay;
  }

  @Override
  public Health health() {
    RelayRole role = relay.role();
    Health.Builder builder = switch (role) {
      case ACTIVE -> relay.isStreaming() || withinGrace(relay.activeSince())
          ? Health.up() : Health.down();
      case STANDBY -> Health.up();
      case STOPPED -> Health.outOfService();
    };
    builder.withDetail("role", role.name())
        .withDetail("streaming", relay.isStreaming())
        .withDetail("slot", relay.slotName())
        .withDetail("relayed", relay.relayedCount());
    Throwable error = relay.lastError();
    if (error != null && !relay.isStreaming()) {
      builder.withDetail("lastError", error.toString());
    }
    return builder.build();
  }

  private static boolean withinGrace(Instant since) {
    return since != null && Instant.now().isBefore(since.plus(STARTUP_GRACE));
  }
}
