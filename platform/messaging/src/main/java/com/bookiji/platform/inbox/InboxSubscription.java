package com.bookiji.platform.inbox;

import com.bookiji.schemas.Topic;
import java.util.List;
import java.util.Objects;

/**
 * Declare one of these as a bean and the platform runs a Kafka consumer group named
 * {@code consumerName} on {@code topics}, delivering every record through the inbox to
 * {@code handler}. Offsets are committed only after the handler's transaction commits.
 *
 * @param concurrency consumer threads; 0 = property {@code bookiji.inbox.concurrency}, else the
 *     topics' partition count capped at {@code bookiji.inbox.max-concurrency} (3)
 */
public record InboxSubscription(String consumerName, List<Topic> topics, MessageHandler handler,
    int concurrency) {

  public InboxSubscription {
    Objects.requireNonNull(consumerName, "consumerName");
    Objects.requireNonNull(handler, "handler");
    topics = List.copyOf(topics);
    if (consumerName.isBlank() || topics.isEmpty()) {
      throw new IllegalArgumentException("an inbox subscription needs a consumer name and topics");
    }
    if (concurrency < 0) {
      throw new IllegalArgumentException("concurrency must be >= 0");
    }
  }

  public InboxSubscription(String consumerName, List<Topic> topics, MessageHandler handler) {
    this(consumerName, topics, handler, 0);
  }
}
