package com.bookiji.reconciler.observation.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One message as the reconciler saw it on a topic. {@code reservationId} is empty for messages that
 * do not belong to a reservation (e.g. findings); {@code occurredAt} is the producer's clock when
 * the payload carries one, {@code observedAt} the reconciler's.
 */
public record ObservedMessage(
    String topic,
    int partition,
    long offset,
    String key,
    String reservationId,
    UUID eventId,
    String eventType,
    String payloadJson,
    Map<String, String> headers,
    Instant occurredAt,
    Instant observedAt) {

  public ObservedMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(payloadJson, "payloadJson");
    Objects.requireNonNull(observedAt, "observedAt");
    headers = Map.copyOf(headers);
  }

  /** When the fact happened as far as anyone can tell: the producer's time, else when it was seen. */
  public Instant effectiveTime() {
    return occurredAt != null ? occurredAt : observedAt;
  }
}
