package com.bookiji.reconciler;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes messages onto the test broker the way the services publish them (wire format, headers). */
public final class TopicWriter implements AutoCloseable {

  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private final KafkaProducer<String, byte[]> producer;
  private final AvroWireFormat wire;

  public TopicWriter(TestInfrastructure infra) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    wire = new AvroWireFormat(new SchemaRegistryClient(infra.schemaRegistryUrl()));
  }

  /** A catalogue message with the headers every Bookiji message carries. */
  public void send(Topic topic, String key, UUID eventId, SpecificRecord record) throws Exception {
    ProducerRecord<String, byte[]> pr = new ProducerRecord<>(topic.topicName(), key,
        serialize(topic, record));
    header(pr, MessageHeaders.EVENT_ID, eventId.toString());
    header(pr, MessageHeaders.EVENT_TYPE, record.getSchema().getName());
    header(pr, MessageHeaders.CORRELATION_ID, key);
    header(pr, MessageHeaders.TRACEPARENT, TRACEPARENT);
    send(pr);
  }

  /** Any record as it is (unreadable bytes, a dead letter); its offset. */
  public long send(ProducerRecord<String, byte[]> record) throws Exception {
    return producer.send(record).get().offset();
  }

  public byte[] serialize(Topic topic, SpecificRecord record) {
    return wire.serialize(topic.topicName(), record);
  }

  public static void header(ProducerRecord<String, byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    producer.close();
  }
}
