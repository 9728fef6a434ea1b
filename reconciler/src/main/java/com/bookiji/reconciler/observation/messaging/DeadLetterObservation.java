package com.bookiji.reconciler.observation.messaging;

import com.bookiji.platform.inbox.DeadLetterHeaders;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.reconciler.observation.application.Observations;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes every {@code <topic>-dlt} as group {@code reconciler-dead-letters} and records each dead
 * letter as an observation. The platform inbox cannot subscribe to these topics (its subscriptions
 * name catalogue topics and do not hand headers on), so this listener does what the inbox does,
 * keyed by the dead letter's own position: the observation's event id is derived from
 * (topic, partition, offset), the store ignores a second insert, and offsets commit after the
 * database did. The value is not decoded: it may be the very bytes nobody could read.
 */
@Component
public class DeadLetterObservation implements SmartLifecycle {

  public static final String CONSUMER = "reconciler-dead-letters";
  public static final String EVENT_TYPE = "DeadLettered";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ConcurrentMessageListenerContainer<String, byte[]> container;

  public DeadLetterObservation(KafkaProperties kafka, Observations observations, Clock clock) {
    Map<String, Object> config = new LinkedHashMap<>(kafka.buildConsumerProperties());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    ContainerProperties props = new ContainerProperties(
        Arrays.stream(Topic.values()).map(Topic::deadLetterTopicName).toArray(String[]::new));
    props.setGroupId(CONSUMER);
    props.setClientId(CONSUMER);
    props.setAckMode(ContainerProperties.AckMode.BATCH);
    props.setMessageListener((org.springframework.kafka.listener.MessageListener<String, byte[]>) record -> {
      ObservedMessage observed = observation(record, clock.instant());
      observations.observe(observed, fact(observed));
    });
    container = new ConcurrentMessageListenerContainer<>(
        new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer()), props);
    // A dead letter must not be lost: while the database fails, retry the same record.
    container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
    container.setBeanName(CONSUMER);
  }

  static ObservedMessage observation(ConsumerRecord<String, byte[]> record, Instant observedAt) {
    Map<String, String> headers = new TreeMap<>();
    for (Header h : record.headers()) {
      if (h.value() != null && (h.key().startsWith("dlt.") || isMessageHeader(h.key()))) {
        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("originalEventId", headers.get(MessageHeaders.EVENT_ID));
    payload.put("originalEventType", headers.get(MessageHeaders.EVENT_TYPE));
    payload.put("valueBytes", record.value() == null ? 0 : record.value().length);
    payload.put("failure", failure(headers));
    UUID eventId = UUID.nameUUIDFromBytes(("dead-letter:" + record.topic() + ":" + record.partition() + ":"
        + record.offset()).getBytes(StandardCharsets.UTF_8));
    return new ObservedMessage(record.topic(), record.partition(), record.offset(), record.key(), record.key(),
        eventId, EVENT_TYPE, JSON.writeValueAsString(payload), headers, deadLetteredAt(record), observedAt);
  }

  /** The broker's time of the dead letter: the same on every read, so a replay folds the same fact. */
  private static Instant deadLetteredAt(ConsumerRecord<String, byte[]> record) {
    return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
  }

  /** The dead letter as a fact; also how a stored one is read back. */
  static Fact fact(ObservedMessage stored) {
    return new Fact.DeadLettered(stored.reservationId(), stored.topic(), stored.partition(), stored.offset(),
        failure(stored.headers()), stored.occurredAt() != null ? stored.occurredAt() : stored.observedAt());
  }

  private static Map<String, String> failure(Map<String, String> headers) {
    Map<String, String> failure = new TreeMap<>();
    headers.forEach((k, v) -> {
      if (k.startsWith("dlt.")) {
        failure.put(k, v);
      }
    });
    failure.putIfAbsent(DeadLetterHeaders.STAGE, "UNKNOWN");
    return failure;
  }

  private static boolean isMessageHeader(String key) {
    return key.equals(MessageHeaders.EVENT_ID) || key.equals(MessageHeaders.EVENT_TYPE)
        || key.equals(MessageHeaders.CORRELATION_ID) || key.equals(MessageHeaders.CAUSATION_ID)
        || key.equals(MessageHeaders.TRACEPARENT);
  }

  @Override
  public void start() {
    container.start();
  }

  @Override
  public void stop() {
    container.stop();
  }

  @Override
  public boolean isRunning() {
    return container.isRunning();
  }

  /** With the platform's inbox consumers, after the model was rebuilt. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 2000;
  }
}
