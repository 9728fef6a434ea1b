package com.bookiji.platform.testkit;

import com.bookiji.schemas.Topic;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes messages onto the test broker exactly as the platform's outbox relay does, so that an
 * IT can play another service (or the saga) without running it: the value in the Confluent wire
 * format (schema registered on first use, as the outbox does), the record key, and the headers
 * the relay copies from the outbox row — {@code eventId}, {@code eventType} (the record class's
 * simple name), {@code correlationId}, {@code causationId} (only when there is one) and a W3C
 * {@code traceparent} — through an idempotent producer with {@code acks=all}. Each publish waits
 * for the broker's acknowledgement.
 *
 * <p>A message published here starts a causal chain of its own (as an API request does):
 * correlated by its key, no cause, a new trace. The header names are the relay's
 * ({@code MessageHeaders} in platform-messaging, which depends on this module and so cannot be
 * used here); platform-messaging's {@code TestkitPublishesLikeTheRelayTest} fails when the record
 * built here and the relay's differ.
 */
public final class RelayPublisher implements AutoCloseable {

  public static final String EVENT_ID = "eventId";
  public static final String EVENT_TYPE = "eventType";
  public static final String CORRELATION_ID = "correlationId";
  public static final String CAUSATION_ID = "causationId";
  public static final String TRACEPARENT = "traceparent";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KafkaProducer<String, byte[]> producer;
  private final AvroWireFormat wire;

  public RelayPublisher(TestInfrastructure infra) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new ByteArraySerializer());
    wire = new AvroWireFormat(new SchemaRegistryClient(infra.schemaRegistryUrl()));
  }

  /** To the catalogue topic that carries the message, with a new event id; returns the event id. */
  public UUID publish(String key, SpecificRecord message) {
    return publish(key, message, UUID.randomUUID());
  }

  /** With the given event id (the same id twice is a redelivery, as after a relay crash). */
  public UUID publish(String key, SpecificRecord message, UUID eventId) {
    return publish(Topic.carrying(message.getClass()), key, message, eventId);
  }

  /** To {@code topic}, for a message type more than one topic carries. */
  public UUID publish(Topic topic, String key, SpecificRecord message, UUID eventId) {
    return publish(topic, key, message, eventId, newTraceparent());
  }

  /** In the trace of {@code traceparent}, as the relay publishes the later messages of one saga. */
  public UUID publish(Topic topic, String key, SpecificRecord message, UUID eventId, String traceparent) {
    send(record(topic.topicName(), key, serialize(topic, message), eventId.toString(),
        message.getClass().getSimpleName(), key, null, traceparent));
    return eventId;
  }

  /** Any bytes under the relay's headers, e.g. a value that is not a message at all. */
  public UUID publishBytes(String topic, String key, byte[] value, String eventType, UUID eventId) {
    send(record(topic, key, value, eventId.toString(), eventType, key, null, newTraceparent()));
    return eventId;
  }

  /** A record as it is, whatever its headers (a dead letter, a misbehaving producer); its offset. */
  public long send(ProducerRecord<String, byte[]> record) {
    try {
      return producer.send(record).get().offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + record.topic(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not publish to " + record.topic(), e.getCause());
    }
  }

  /** The value as the outbox stores it: Confluent wire format, schema registered under the topic's subject. */
  public byte[] serialize(Topic topic, SpecificRecord message) {
    return wire.serialize(topic.topicName(), message);
  }

  /** The record the relay produces for an outbox row with these columns (absent headers for null values). */
  public static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value,
      String eventId, String eventType, String correlationId, String causationId, String traceparent) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, EVENT_ID, eventId);
    header(headers, EVENT_TYPE, eventType);
    header(headers, CORRELATION_ID, correlationId);
    header(headers, CAUSATION_ID, causationId);
    header(headers, TRACEPARENT, traceparent);
    return new ProducerRecord<>(topic, null, key, value, headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A sampled W3C traceparent of a new trace, as a root message context makes without a span. */
  private static String newTraceparent() {
    byte[] traceId = new byte[16];
    byte[] spanId = new byte[8];
    RANDOM.nextBytes(traceId);
    RANDOM.nextBytes(spanId);
    return "00-" + HexFormat.of().formatHex(traceId) + "-" + HexFormat.of().formatHex(spanId) + "-01";
  }

  @Override
  public void close() {
    producer.close();
  }
}
