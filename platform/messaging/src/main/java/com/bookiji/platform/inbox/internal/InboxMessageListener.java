package com.bookiji.platform.inbox.internal;

import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.schemas.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one record through the inbox: the {@code (consumer, eventId)} row and the handler's
 * effect commit in ONE transaction, and the container commits the Kafka offset only after this
 * method returned for every record of the poll (ack mode BATCH), i.e. after those commits. A crash
 * in between redelivers the records, and the inbox rows turn the redeliveries into no-ops.
 */
public final class InboxMessageListener implements MessageListener<String, AvroPayload> {

  /** MDC key naming the reservation a log line is about, while a message keyed by one is handled. */
  public static final String RESERVATION_ID_MDC_KEY = "reservationId";
  static final String RESERVATION_ID_SPAN_ATTRIBUTE = "reservation.id";

  private static final String INSERT = """
      INSERT INTO inbox (consumer, event_id, topic, "partition", "offset", event_type)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (consumer, event_id) DO NOTHING""";

  private final InboxSubscription subscription;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final AttemptTracker attempts;
  private final Counter applied;
  private final Counter duplicates;

  public InboxMessageListener(InboxSubscription subscription, JdbcTemplate jdbc,
      TransactionTemplate tx, AttemptTracker attempts, MeterRegistry meters) {
    this.subscription = subscription;
    this.jdbc = jdbc;
    this.tx = tx;
    this.attempts = attempts;
    this.applied = Counter.builder("bookiji.inbox.messages").tag("consumer", subscription.consumerName())
        .tag("outcome", "applied").register(meters);
    this.duplicates = Counter.builder("bookiji.inbox.messages").tag("consumer", subscription.consumerName())
        .tag("outcome", "duplicate").register(meters);
  }

  @Override
  public void onMessage(ConsumerRecord<String, AvroPayload> record) {
    try (MDC.MDCCloseable reservation = reservationInMdc(record)) {
      apply(record);
    }
  }

  private void apply(ConsumerRecord<String, AvroPayload> record) {
    attempts.attempted(record);
    InboundMessage message = toMessage(record);
    Boolean wasApplied = tx.execute(status -> {
      int inserted = jdbc.update(INSERT, subscription.consumerName(), message.eventId(),
          record.topic(), record.partition(), record.offset(), message.eventType());
      if (inserted == 0) {
        return false; // already applied: a redelivery
      }
      subscription.handler().handle(message);
      return true;
    });
    attempts.done(record);
    (Boolean.TRUE.equals(wasApplied) ? applied : duplicates).increment();
  }

  /**
   * The record's key on topics keyed by reservation id (Topic catalogue), in the MDC until the
   * returned scope closes and on the consumer span ({@value #RESERVATION_ID_SPAN_ATTRIBUTE}), so a
   * tracing backend finds a reservation's spans by it.
   */
  static MDC.MDCCloseable reservationInMdc(ConsumerRecord<String, ?> record) {
    boolean keyedByReservation = Topic.byName(record.topic())
        .map(t -> t.key() == Topic.Key.RESERVATION_ID).orElse(false);
    if (!keyedByReservation || record.key() == null) {
      return null;
    }
    Span.current().setAttribute(RESERVATION_ID_SPAN_ATTRIBUTE, record.key());
    return MDC.putCloseable(RESERVATION_ID_MDC_KEY, record.key());
  }

  static InboundMessage toMessage(ConsumerRecord<String, AvroPayload> record) {
    String eventIdText = header(record, MessageHeaders.EVENT_ID);
    if (eventIdText == null) {
      throw new MessageValidationException("record has no " + MessageHeaders.EVENT_ID + " header");
    }
    UUID eventId;
    try {
      eventId = UUID.fromString(eventIdText);
    } catch (IllegalArgumentException e) {
      throw new MessageValidationException(MessageHeaders.EVENT_ID + " header is not a UUID: "
          + eventIdText);
    }
    if (record.value() == null || record.value().record() == null) {
      throw new MessageValidationException("record " + eventId + " has no value");
    }
    SpecificRecord payload = record.value().record();
    Optional<Topic> topic = Topic.byName(record.topic());
    if (topic.isPresent() && !topic.get().carries(payload.getClass())) {
      throw new MessageValidationException(record.topic() + " does not carry "
          + payload.getClass().getName());
    }
    String correlationId = header(record, MessageHeaders.CORRELATION_ID);
    if (correlationId == null) {
      throw new MessageValidationException("record " + eventId + " has no "
          + MessageHeaders.CORRELATION_ID + " header");
    }
    String traceparent = header(record, MessageHeaders.TRACEPARENT);
    MessageContext context = new MessageContext(correlationId,
        header(record, MessageHeaders.CAUSATION_ID),
        // No header (a producer outside the platform): the consumer span's trace, else a new one.
        traceparent != null ? traceparent : MessageContext.root(correlationId).traceparent());
    String eventType = header(record, MessageHeaders.EVENT_TYPE);
    return new InboundMessage(record.topic(), record.partition(), record.offset(), record.key(),
        eventId, eventType != null ? eventType : payload.getClass().getSimpleName(), payload,
        context);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
