package com.bookiji.reconciler;

import com.bookiji.platform.testkit.RelayPublisher;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes messages onto the test broker the way the services publish them ({@link RelayPublisher}), and raw records. */
public final class TopicWriter implements AutoCloseable {

  /** The trace every message written here belongs to (the console shows and links it). */
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private final RelayPublisher relay;

  public TopicWriter(TestInfrastructure infra) {
    relay = new RelayPublisher(infra);
  }

  /** A catalogue message as the outbox relay publishes it. */
  public void send(Topic topic, String key, UUID eventId, SpecificRecord record) {
    relay.publish(topic, key, record, eventId, TRACEPARENT);
  }

  /** Any record as it is (unreadable bytes, a dead letter); its offset. */
  public long send(ProducerRecord<String, byte[]> record) {
    return relay.send(record);
  }

  public byte[] serialize(Topic topic, SpecificRecord record) {
    return relay.serialize(topic, record);
  }

  public static void header(ProducerRecord<String, byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    relay.close();
  }
}
