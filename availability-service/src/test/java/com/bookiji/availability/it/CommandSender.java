package com.bookiji.availability.it;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces commands to availability.commands the way the reservation saga does. */
public final class CommandSender implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final AvroWireFormat wire;

  public CommandSender(TestInfrastructure infra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producer = new KafkaProducer<>(p);
    wire = new AvroWireFormat(new SchemaRegistryClient(infra.schemaRegistryUrl()));
  }

  /** Sends with a new event id; returns it. */
  public UUID send(String reservationId, SpecificRecord command) {
    return send(reservationId, command, UUID.randomUUID());
  }

  /** Sends with the given event id (the same id twice is a redelivery). */
  public UUID send(String reservationId, SpecificRecord command, UUID eventId) {
    byte[] bytes = wire.serialize(Topic.AVAILABILITY_COMMANDS.topicName(), command);
    return sendRaw(reservationId, bytes, eventId, command.getClass().getSimpleName());
  }

  /** Any bytes as a command (for poison messages). */
  public UUID sendRaw(String key, byte[] value, UUID eventId, String eventType) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(Topic.AVAILABILITY_COMMANDS.topicName(), key, value);
    MessageContext context = MessageContext.root(key);
    header(record, MessageHeaders.EVENT_ID, eventId.toString());
    header(record, MessageHeaders.EVENT_TYPE, eventType);
    header(record, MessageHeaders.CORRELATION_ID, context.correlationId());
    header(record, MessageHeaders.TRACEPARENT, context.traceparent());
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not send " + eventType, e.getCause());
    }
    return eventId;
  }

  private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
    r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    producer.close();
  }
}
