package com.bookiji.availability.it;

import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads availability.events continuously (no consumer group) and indexes the decoded events by
 * reservation id, with the time each arrived — for assertions and for latency measurement.
 */
public final class EventCollector implements AutoCloseable {

  public record Received(SpecificRecord event, Map<String, String> headers, long receivedNanos) {
    public String type() {
      return event.getClass().getSimpleName();
    }

    @SuppressWarnings("unchecked")
    public <T> T as(Class<T> type) {
      return (T) event;
    }
  }

  private final Map<String, List<Received>> byReservation = new ConcurrentHashMap<>();
  private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
  private volatile java.util.function.Predicate<SpecificRecord> retained = event -> true;
  private final Thread thread;
  private volatile boolean running = true;

  public EventCollector(TestInfrastructure infra) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "availability-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    // Never let a test create a catalogue topic with broker defaults (1 partition).
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    AvroWireFormat wire = new AvroWireFormat(new SchemaRegistryClient(infra.schemaRegistryUrl()));
    String topic = Topic.AVAILABILITY_EVENTS.topicName();
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
    List<TopicPartition> partitions = new ArrayList<>();
    for (int i = 0; i < Topic.AVAILABILITY_EVENTS.partitions(); i++) {
      partitions.add(new TopicPartition(topic, i));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(() -> {
      try (consumer) {
        while (running) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
            long now = System.nanoTime();
            SpecificRecord event = wire.deserialize(topic, r.value());
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
              headers.put(h.key(), h.value() == null ? null
                  : new String(h.value(), StandardCharsets.UTF_8));
            }
            Received received = new Received(event, headers, now);
            if (retained.test(event)) {
              byReservation.computeIfAbsent(reservationOf(event),
                  k -> new CopyOnWriteArrayList<>()).add(received);
            }
            listeners.forEach(l -> l.accept(received));
          }
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        // closing
      }
    }, "availability-event-collector");
    thread.setDaemon(true);
    thread.start();
  }

  public void onEvent(Consumer<Received> listener) {
    listeners.add(listener);
  }

  /**
   * Keeps only matching events for {@link #of}; listeners still see every event. A load test
   * that retained its 100,000 outcome events would make the service's JVM collect them too.
   */
  public void retainOnly(java.util.function.Predicate<SpecificRecord> which) {
    retained = which;
  }

  public List<Received> of(String reservationId) {
    return List.copyOf(byReservation.getOrDefault(reservationId, List.of()));
  }

  public List<Received> of(String reservationId, Class<? extends SpecificRecord> type) {
    return of(reservationId).stream().filter(r -> type.isInstance(r.event())).toList();
  }

  static String reservationOf(SpecificRecord event) {
    // Every availability event carries reservationId (the topic's key); no reflection per record.
    return String.valueOf(event.get(event.getSchema().getField("reservationId").pos()));
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
