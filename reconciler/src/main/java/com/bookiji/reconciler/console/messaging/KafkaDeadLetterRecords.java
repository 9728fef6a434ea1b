package com.bookiji.reconciler.console.messaging;

import com.bookiji.platform.inbox.DeadLetterHeaders;
import com.bookiji.reconciler.console.application.DeadLetterRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads one dead letter by its position (a consumer assigned to that partition, no group, nothing
 * committed) and sends its bytes to the original topic with the original headers, without the
 * failure headers, and with {@code replayedFrom}/{@code replayedBy} so a consumer's logs tell a
 * replay from the first delivery. The event id stays: a consumer that did process it deduplicates.
 */
@Component
public class KafkaDeadLetterRecords implements DeadLetterRecords, DisposableBean {

  public static final String REPLAYED_FROM = "replayedFrom";
  public static final String REPLAYED_BY = "replayedBy";
  private static final Duration READ_DEADLINE = Duration.ofSeconds(15);

  private final Map<String, Object> consumerConfig;
  private final KafkaProducer<String, byte[]> producer;

  public KafkaDeadLetterRecords(KafkaProperties kafka) {
    Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
    consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    consumer.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    this.consumerConfig = consumer;
    Map<String, Object> producerConfig = new HashMap<>(kafka.buildProducerProperties());
    producerConfig.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    producerConfig.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public Republished republish(String deadLetterTopic, int partition, long offset, String replayedBy) {
    ConsumerRecord<String, byte[]> dead = read(deadLetterTopic, partition, offset);
    String original = header(dead, DeadLetterHeaders.ORIGINAL_TOPIC);
    if (original == null) {
      original = deadLetterTopic.substring(0, deadLetterTopic.length() - "-dlt".length());
    }
    RecordHeaders headers = new RecordHeaders();
    for (Header h : dead.headers()) {
      if (!h.key().startsWith("dlt.") && !h.key().startsWith("kafka_dlt")) {
        headers.add(h);
      }
    }
    headers.add(REPLAYED_FROM, (deadLetterTopic + "/" + partition + "@" + offset).getBytes(StandardCharsets.UTF_8));
    headers.add(REPLAYED_BY, replayedBy.getBytes(StandardCharsets.UTF_8));
    try {
      RecordMetadata sent = producer.send(new ProducerRecord<>(original, null, dead.key(), dead.value(), headers))
          .get(30, TimeUnit.SECONDS);
      return new Republished(sent.topic(), sent.partition(), sent.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending the replay", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("sending the replay to " + original + " failed: " + e.getMessage(), e);
    }
  }

  private ConsumerRecord<String, byte[]> read(String topic, int partition, long offset) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, partition);
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      Instant deadline = Instant.now().plus(READ_DEADLINE);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500)).records(tp)) {
          if (r.offset() == offset) {
            return r;
          }
          if (r.offset() > offset) {
            throw new IllegalStateException(topic + "/" + partition + "@" + offset + " is gone (retention or compaction)");
          }
        }
      }
      throw new IllegalStateException("could not read " + topic + "/" + partition + "@" + offset + " within "
          + READ_DEADLINE.toSeconds() + " s");
    }
  }

  private static String header(ConsumerRecord<String, byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void destroy() {
    producer.close(Duration.ofSeconds(5));
  }
}
