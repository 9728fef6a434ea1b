package com.bookiji.reconciler.console.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * One instance's outbox relay as judged from its latest reading: backlog and the age of its oldest
 * row ({@code null} when unreachable), role, whether it streams, status and the reason for it.
 */
public record OutboxRelayState(String service, String instance, Instant readAt, Long backlogRows,
    Duration oldestRowAge, RelayRole role, boolean streaming, RelayStatus status, String reason) {}
