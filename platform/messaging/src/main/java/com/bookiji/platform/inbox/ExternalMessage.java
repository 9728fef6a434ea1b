package com.bookiji.platform.inbox;

import java.time.Instant;
import java.util.Objects;

/**
 * A message that arrives outside Kafka (a webhook), as the inbox records it.
 *
 * @param consumer who applies it (one inbox per consumer, like a consumer group)
 * @param externalId the sender's own id for the message (Stripe's {@code evt_…})
 * @param type the sender's message type, if any
 * @param subject what the message is about (e.g. a PaymentIntent id), for queries; may be null
 * @param occurredAt when the sender says it happened; may be null
 */
public record ExternalMessage(String consumer, String externalId, String type, String subject,
    Instant occurredAt) {

  public ExternalMessage {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(externalId, "externalId");
    if (consumer.isBlank() || externalId.isBlank()) {
      throw new IllegalArgumentException("consumer and externalId must not be blank");
    }
  }
}
