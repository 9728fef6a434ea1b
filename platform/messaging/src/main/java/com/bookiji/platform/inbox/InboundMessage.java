package com.bookiji.platform.inbox;

import com.bookiji.platform.messaging.MessageContext;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** A deserialized message as a handler sees it. */
public record InboundMessage(
    String topic,
    int partition,
    long offset,
    String key,
    UUID eventId,
    String eventType,
    SpecificRecord payload,
    MessageContext context) {

  /** The context for messages this one causes. */
  public MessageContext nextContext() {
    return context.causedBy(eventId);
  }
}
