package com.bookiji.loadtest.stress;

import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroKafkaSerializer;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Messages the suite publishes behind the services' back, as a buggy or stale producer would (in
 * the Confluent wire format, with the headers every Bookiji message carries). Their keys are
 * remembered: a service that cannot place such a message dead-letters it, which is the visible,
 * expected answer, so the checker does not count those dead letters as the system's own.
 */
public final class StrayMessages {

  private static final int REGISTRY_PORT = 8081;

  private final StressStack stack;
  private final Set<String> keys = ConcurrentHashMap.newKeySet();

  public StrayMessages(StressStack stack) {
    this.stack = stack;
  }

  /** A {@code HoldSlot} for a reservation that does not exist; returns that reservation id. */
  public String holdSlotForNobody(String slotId, int holdTtlSeconds) throws Exception {
    String reservationId = UUID.randomUUID().toString();
    HoldSlot command = HoldSlot.newBuilder().setReservationId(reservationId).setSlotId(slotId)
        .setRequesterId("stray-" + reservationId).setHoldTtlSeconds(holdTtlSeconds)
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    publish(Topic.AVAILABILITY_COMMANDS, reservationId, command);
    return reservationId;
  }

  /** Keys of the messages published here (their dead letters are expected). */
  public Set<String> keys() {
    return Set.copyOf(keys);
  }

  private void publish(Topic topic, String key, SpecificRecord value) throws Exception {
    keys.add(key);
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
        ProducerConfig.ACKS_CONFIG, "all");
    AvroKafkaSerializer values = new AvroKafkaSerializer(
        new AvroWireFormat(new SchemaRegistryClient(stack.url(REGISTRY_PORT))));
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), values)) {
      ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic.topicName(), key, value);
      record.headers()
          .add("eventId", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
          .add("eventType", value.getSchema().getName().getBytes(StandardCharsets.UTF_8))
          .add("correlationId", key.getBytes(StandardCharsets.UTF_8));
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
  }
}
