package com.bookiji.reconciler.observation.messaging;

import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.schemas.Topic;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Avro → read model: the payload in Avro's JSON encoding, the reservation id and the producer's time. */
public final class ObservedMessageMapper {

  private static final String RESERVATION_ID = "reservationId";
  private static final String OCCURRED_AT = "occurredAt";

  public ObservedMessage map(InboundMessage message, Instant observedAt) {
    SpecificRecord payload = message.payload();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(MessageHeaders.EVENT_ID, message.eventId().toString());
    headers.put(MessageHeaders.EVENT_TYPE, eventType(message));
    if (message.context() != null) {
      headers.put(MessageHeaders.CORRELATION_ID, message.context().correlationId());
      if (message.context().causationId() != null) {
        headers.put(MessageHeaders.CAUSATION_ID, message.context().causationId());
      }
      headers.put(MessageHeaders.TRACEPARENT, message.context().traceparent());
    }
    return new ObservedMessage(
        message.topic(),
        message.partition(),
        message.offset(),
        message.key(),
        reservationId(message),
        message.eventId(),
        eventType(message),
        AvroJson.encode(payload),
        headers,
        field(payload, OCCURRED_AT) instanceof Instant at ? at : null,
        observedAt);
  }

  private static String eventType(InboundMessage message) {
    return message.eventType() != null ? message.eventType() : message.payload().getSchema().getName();
  }

  /** The payload's reservation id; on saga topics the key is the reservation id too. */
  private static String reservationId(InboundMessage message) {
    if (field(message.payload(), RESERVATION_ID) instanceof CharSequence id) {
      return id.toString();
    }
    boolean keyedByReservation = Topic.byName(message.topic())
        .map(t -> t.key() == Topic.Key.RESERVATION_ID)
        .orElse(false);
    return keyedByReservation ? message.key() : null;
  }

  private static Object field(SpecificRecord record, String name) {
    Schema.Field field = record.getSchema().getField(name);
    return field == null ? null : record.get(field.pos());
  }
}
