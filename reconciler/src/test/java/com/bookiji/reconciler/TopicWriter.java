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

  private final RelayPublisher relay;

  public TopicWriter(TestInfrastructure infra) {
    relay = new RelayPublisher(infra);
  }

  /** A catalogue message as the outbox relay publishes it. */
  public void send(Topic topic, String key, UUID eventId, SpecificRecord record) {
    relay.publish(topic, key, record, eventId);
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
