package com.bookiji.reconciler.observation.messaging;

import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.reconciler.observation.application.TopicReplay;
import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Reads every catalogue topic and its dead-letter twin from offset 0 up to the end offsets taken at the
 * start, with no consumer group (nothing is committed, no running consumer is disturbed), and folds
 * each record the way the live consumers do.
 */
@Component
public class KafkaTopicReplay implements TopicReplay {

  private static final Duration DEADLINE = Duration.ofMinutes(10);

  private final KafkaProperties kafka;
  private final AvroWireFormat wire;
  private final Clock clock;
  private final ObservedMessageMapper mapper = new ObservedMessageMapper();
  private final FactMapper facts = new FactMapper();

  public KafkaTopicReplay(KafkaProperties kafka, AvroWireFormat wire, Clock clock) {
    this.kafka = kafka;
    this.wire = wire;
    this.clock = clock;
  }

  @Override
  public Replayed replayFromStart() {
    Map<String, Object> config = new LinkedHashMap<>(kafka.buildConsumerProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    AuditModel model = new AuditModel();
    long messages = 0;
    long skipped = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic topic : Topic.values()) {
        for (String name : List.of(topic.topicName(), topic.deadLetterTopicName())) {
          var infos = consumer.partitionsFor(name);
          if (infos != null) {
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
          }
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = new LinkedHashMap<>(consumer.endOffsets(partitions));
      ends.entrySet().removeIf(e -> e.getValue() == 0);
      Instant deadline = clock.instant().plus(DEADLINE);
      while (!ends.isEmpty()) {
        if (clock.instant().isAfter(deadline)) {
          throw new IllegalStateException("replay did not reach the end offsets within " + DEADLINE + ": " + ends.keySet());
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          Long end = ends.get(tp);
          if (end == null || record.offset() >= end) {
            continue; // written after the replay began
          }
          if (fold(model, record)) {
            messages++;
          } else {
            skipped++;
          }
        }
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
    }
    return new Replayed(model.snapshot(), messages, skipped);
  }

  private boolean fold(AuditModel model, ConsumerRecord<String, byte[]> record) {
    Instant now = clock.instant();
    if (record.topic().endsWith(Topic.DEAD_LETTER_SUFFIX)) {
      ObservedMessage observed = DeadLetterObservation.observation(record, now);
      model.apply(observed.eventId(), DeadLetterObservation.fact(observed));
      return true;
    }
    String eventId = header(record, MessageHeaders.EVENT_ID);
    String correlationId = header(record, MessageHeaders.CORRELATION_ID);
    if (eventId == null || correlationId == null || record.value() == null) {
      return false;
    }
    SpecificRecord payload;
    UUID id;
    try {
      id = UUID.fromString(eventId);
      payload = wire.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      return false; // the live consumer dead-lettered it; its dead letter is folded from the -dlt topic
    }
    String traceparent = header(record, MessageHeaders.TRACEPARENT);
    MessageContext context = new MessageContext(correlationId, header(record, MessageHeaders.CAUSATION_ID),
        traceparent != null ? traceparent : MessageContext.root(correlationId).traceparent());
    String eventType = header(record, MessageHeaders.EVENT_TYPE);
    InboundMessage message = new InboundMessage(record.topic(), record.partition(), record.offset(), record.key(), id,
        eventType != null ? eventType : payload.getClass().getSimpleName(), payload, context);
    ObservedMessage observed = mapper.map(message, now);
    Fact fact;
    try {
      fact = facts.fact(payload, observed.reservationId(), observed.observedAt());
    } catch (RuntimeException e) {
      fact = FactMapper.unreadable(observed, e.toString());
    }
    model.apply(id, fact);
    return true;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
