package com.bookiji.reservation.it;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.ProbedRecord;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.testkit.TopicProbe;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays availability-service and payment-service on the real broker: reads the commands the
 * reservation service sends and publishes the events those services would answer with.
 */
public final class OtherServices implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(120);

  private final TestInfrastructure infra = TestInfrastructure.shared();
  private final TopicProbe probe = infra.topicProbe();
  private final AvroWireFormat wire = new AvroWireFormat(new SchemaRegistryClient(infra.schemaRegistryUrl()));
  private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
      ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());

  /** Waits until the reservation service has sent {@code count} commands of {@code type} for this reservation. */
  public <T extends SpecificRecord> List<T> awaitCommands(String reservationId, Class<T> type, int count) {
    Topic topic = Topic.carrying(type);
    return probe.awaitRecords(topic.topicName(), r -> reservationId.equals(r.key()) && isA(r, type), count, WAIT)
        .stream().map(r -> type.cast(r.payload())).toList();
  }

  public <T extends SpecificRecord> T awaitCommand(String reservationId, Class<T> type) {
    return awaitCommands(reservationId, type, 1).get(0);
  }

  public <T extends SpecificRecord> long count(String reservationId, Class<T> type) {
    return probe.readAll(Topic.carrying(type).topicName()).stream()
        .filter(r -> reservationId.equals(r.key()) && isA(r, type)).count();
  }

  public List<ProbedRecord> records(Topic topic, String reservationId) {
    return probe.readAll(topic.topicName()).stream().filter(r -> reservationId.equals(r.key())).toList();
  }

  public TopicProbe probe() {
    return probe;
  }

  private static boolean isA(ProbedRecord r, Class<?> type) {
    return type.getSimpleName().equals(r.header(MessageHeaders.EVENT_TYPE)) || type.isInstance(r.payload());
  }

  /** Publishes an event as its owning service would (Confluent wire format, platform headers). */
  public void publish(String reservationId, SpecificRecord event) {
    Topic topic = Topic.carrying(event.getClass());
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.topicName(), reservationId,
        wire.serialize(topic.topicName(), event));
    header(record, MessageHeaders.EVENT_ID, UUID.randomUUID().toString());
    header(record, MessageHeaders.EVENT_TYPE, event.getClass().getSimpleName());
    header(record, MessageHeaders.CORRELATION_ID, reservationId);
    header(record, MessageHeaders.TRACEPARENT,
        "00-" + UUID.randomUUID().toString().replace("-", "") + "-0000000000000001-01");
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
    r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    producer.close();
  }
}
