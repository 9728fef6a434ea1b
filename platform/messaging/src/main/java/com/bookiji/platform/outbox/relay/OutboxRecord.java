package com.bookiji.platform.outbox.relay;

import com.bookiji.platform.messaging.MessageHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;

/** One outbox row as the relay publishes it, whether it came from the stream or from the table. */
record OutboxRecord(String id, String topic, String key, byte[] payload, String eventType,
    String correlationId, String causationId, String traceparent) {

  /** The columns {@link #fromRow} reads. */
  static final String COLUMNS =
      "id::text, topic, aggregate_id, payload, event_type, correlation_id, causation_id, traceparent";

  static OutboxRecord fromChangeEvent(Struct row) {
    return new OutboxRecord(row.getString("id"), row.getString("topic"),
        row.getString("aggregate_id"), row.getBytes("payload"), row.getString("event_type"),
        row.getString("correlation_id"), row.getString("causation_id"),
        row.getString("traceparent"));
  }

  static OutboxRecord fromRow(ResultSet rs) throws SQLException {
    return new OutboxRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
  }

  ProducerRecord<String, byte[]> toProducerRecord() {
    RecordHeaders headers = new RecordHeaders();
    header(headers, MessageHeaders.EVENT_ID, id);
    header(headers, MessageHeaders.EVENT_TYPE, eventType);
    header(headers, MessageHeaders.CORRELATION_ID, correlationId);
    header(headers, MessageHeaders.CAUSATION_ID, causationId);
    header(headers, MessageHeaders.TRACEPARENT, traceparent);
    return new ProducerRecord<>(topic, null, key, payload, headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
