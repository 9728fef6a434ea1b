package com.bookiji.platform.inbox;

import com.bookiji.schemas.Topic;
import java.util.List;

/**
 * Declare one of these as a bean and the platform runs a Kafka consumer group named
 * {@code consumerName} on {@code topics}, delivering every record through the inbox to
 * {@code handler}. Offsets are committed only after the handler's transaction commits.
 */
public record InboxSubscription(String consumerName, List<Topic> topics, MessageHandler handler) {}
