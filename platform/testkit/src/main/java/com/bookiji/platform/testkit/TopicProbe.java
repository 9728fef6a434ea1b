package com.bookiji.platform.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads whole topics for assertions: every record from the beginning up to the end offsets at the
 * time of the call, without a consumer group (nothing is committed, nothing is stolen from the
 * application's consumers).
 *
 * <pre>{@code
 * List<ProbedRecord> dlt = probe.awaitRecords("payment.commands-dlt", r -> true, 1, Duration.ofSeconds(20));
 * assertThat(dlt.get(0).header("dlt.stage")).isEqualTo("DESERIALIZATION");
 * }</pre>
 */
public final class TopicProbe {

  private final String bootstrapServers;
  private final BiFunction<String, byte[], Object> decoder;

  TopicProbe(String bootstrapServers, String registryUrl) {
    this.bootstrapServers = bootstrapServers;
    this.decoder = AvroDecoder.forRegistry(registryUrl);
  }

  /** All records currently in {@code topic} (empty if the topic does not exist). */
  public List<ProbedRecord> readAll(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> partitions = infos.stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<ProbedRecord> out = new ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(30);
      while (!reachedEnd(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("could not read " + topic + " to its end " + end);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(toProbed(r));
        }
      }
      return out;
    }
  }

  /**
   * Polls {@link #readAll} until at least {@code count} records match, or fails after
   * {@code timeout}. Returns the matching records.
   */
  public List<ProbedRecord> awaitRecords(String topic, Predicate<ProbedRecord> filter, int count,
      Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    List<ProbedRecord> matching = List.of();
    while (Instant.now().isBefore(deadline)) {
      matching = readAll(topic).stream().filter(filter).toList();
      if (matching.size() >= count) {
        return matching;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("expected at least " + count + " matching records in " + topic
        + " within " + timeout + " but found " + matching.size() + ": " + matching);
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private ProbedRecord toProbed(ConsumerRecord<String, byte[]> r) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      headers.put(h.key(), ProbedRecord.utf8(h.value()));
    }
    return new ProbedRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers,
        decoder);
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "testkit-probe-" + UUID.randomUUID());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
