package com.bookiji.platform.outbox;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.schemas.Topic;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Transactional outbox. {@link #append} writes the message as a row in the caller's current
 * database transaction, so the state change and the messages it causes commit or roll back
 * together; the relay later publishes the row to {@code topic} with {@code key} as record key.
 */
public interface Outbox {

  /**
   * @return the new message's eventId
   * @throws IllegalStateException when called outside a transaction
   * @throws IllegalArgumentException when the topic does not carry this payload type
   */
  UUID append(Topic topic, String key, SpecificRecord payload, MessageContext context);
}
