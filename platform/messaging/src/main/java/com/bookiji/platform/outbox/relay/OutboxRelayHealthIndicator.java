package com.bookiji.platform.outbox.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health "outboxRelay" (part of readiness): UP when this instance streams (see
 * {@link OutboxRelay#isStreaming()}), or is a standby; UP while the engine starts for the first
 * time after this instance became active, within a grace period; otherwise DOWN with the reason —
 * an engine in a restart loop, a silent stream, or an old backlog.
 */
public class OutboxRelayHealthIndicator implements HealthIndicator {

  private static final Duration STARTUP_GRACE = Duration.ofSeconds(30);

  private final OutboxRelay relay;
  private final Clock clock;

  public OutboxRelayHealthIndicator(OutboxRelay relay) {
    this(relay, Clock.systemUTC());
  }

  public OutboxRelayHealthIndicator(OutboxRelay relay, Clock clock) {
    this.relay = relay;
    this.clock = clock;
  }

  @Override
  public Health health() {
    RelayRole role = relay.role();
    Optional<String> notStreaming = relay.notStreamingReason();
    boolean streaming = notStreaming.isEmpty();
    Health.Builder builder = switch (role) {
      case ACTIVE -> streaming || (relay.isStarting() && withinGrace(relay.activeSince()))
          ? Health.up() : Health.down();
      case STANDBY -> Health.up();
      case STOPPED -> Health.outOfService();
    };
    builder.withDetail("role", role.name())
        .withDetail("streaming", streaming)
        .withDetail("slot", relay.slotName())
        .withDetail("relayed", relay.relayedCount())
        .withDetail("engineRestarts", relay.engineRestartCount());
    if (role == RelayRole.ACTIVE) {
      notStreaming.ifPresent(reason -> builder.withDetail("reason", reason));
    }
    java.util.List<String> leftovers = relay.leftoverEngineThreads();
    if (!leftovers.isEmpty()) {
      builder.withDetail("leftoverEngineThreads", leftovers);
    }
    Throwable error = relay.lastError();
    if (error != null && !streaming) {
      builder.withDetail("lastError", error.toString());
    }
    return builder.build();
  }

  private boolean withinGrace(Instant since) {
    return since != null && clock.instant().isBefore(since.plus(STARTUP_GRACE));
  }
}
