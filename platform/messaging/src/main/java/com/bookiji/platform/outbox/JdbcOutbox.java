package com.bookiji.platform.outbox;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes outbox rows through {@link JdbcTemplate}, which takes the connection Spring bound to the
 * current transaction, so the row commits or rolls back with the caller's state change. The
 * payload is serialised here (schema registered on first use) so the relay only moves bytes.
 */
public final class JdbcOutbox implements Outbox {

  private static final String INSERT = """
      INSERT INTO outbox (id, aggregate_type, aggregate_id, topic, event_type, payload,
                          correlation_id, causation_id, traceparent)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

  private final DataSource dataSource;
  private final JdbcTemplate jdbc;
  private final AvroWireFormat wireFormat;

  public JdbcOutbox(DataSource dataSource, AvroWireFormat wireFormat) {
    this.dataSource = Objects.requireNonNull(dataSource);
    this.jdbc = new JdbcTemplate(dataSource);
    this.wireFormat = Objects.requireNonNull(wireFormat);
  }

  @Override
  public UUID append(Topic topic, String key, SpecificRecord payload, MessageContext context) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(context, "context");
    // Without a transaction bound to this DataSource the row would commit on its own, and a
    // later rollback of the state change would leave a message about something that never happened.
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || TransactionSynchronizationManager.getResource(dataSource) == null) {
      throw new IllegalStateException(
          "Outbox.append needs a Spring-managed transaction on the service's DataSource");
    }
    if (!topic.carries(payload.getClass())) {
      throw new IllegalArgumentException(topic.topicName() + " does not carry "
          + payload.getClass().getName() + " (see Topic catalogue)");
    }
    UUID eventId = UUID.randomUUID();
    byte[] bytes = wireFormat.serialize(topic.topicName(), payload);
    jdbc.update(INSERT, eventId, aggregateType(topic), key, topic.topicName(),
        payload.getClass().getSimpleName(), bytes, context.correlationId(), context.causationId(),
        context.traceparent());
    return eventId;
  }

  /** The aggregate the topic is keyed by ("reservation"). */
  static String aggregateType(Topic topic) {
    return topic.key().aggregateType();
  }
}
