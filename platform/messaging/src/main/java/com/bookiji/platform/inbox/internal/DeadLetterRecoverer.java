package com.bookiji.platform.inbox.internal;

import com.bookiji.platform.inbox.DeadLetterHeaders;
import com.bookiji.platform.inbox.FailureClassifier;
import com.bookiji.platform.inbox.FailureKind;
import com.bookiji.platform.inbox.FailureStage;
import com.bookiji.schemas.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Sends a record that cannot be applied to {@code <topic>-dlt} (partition chosen by its key) with
 * its original key, value bytes and headers plus the failure headers of {@link DeadLetterHeaders}.
 * If the send fails the error handler does not commit the offset: nothing is dropped silently.
 */
public final class DeadLetterRecoverer implements ConsumerRecordRecoverer {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRecoverer.class);

  private final String consumerName;
  private final AttemptTracker attempts;
  private final MeterRegistry meters;
  private final DeadLetterPublishingRecoverer publisher;
  private final Clock clock;

  public DeadLetterRecoverer(String consumerName, KafkaOperations<Object, Object> template,
      AttemptTracker attempts, MeterRegistry meters, Clock clock) {
    this.consumerName = consumerName;
    this.clock = clock;
    this.attempts = attempts;
    this.meters = meters;
    this.publisher = new DeadLetterPublishingRecoverer(template,
        (record, ex) -> new TopicPartition(deadLetterTopic(record.topic()), -1));
    this.publisher.setHeadersFunction(this::failureHeaders);
  }

  static String deadLetterTopic(String topic) {
    return Topic.byName(topic).map(Topic::deadLetterTopicName)
        .orElse(topic + Topic.DEAD_LETTER_SUFFIX);
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception exception) {
    publisher.accept(record, exception);
    FailureStage stage = stage(exception);
    FailureKind kind = FailureClassifier.classify(exception);
    Counter.builder("bookiji.inbox.dead_letters")
        .description("records sent to a dead-letter topic")
        .tag("consumer", consumerName).tag("topic", record.topic()).tag("stage", stage.name())
        .tag("failure", kind.name())
        .register(meters).increment();
    log.warn("dead-lettered {}-{}@{} for consumer {} at stage {} ({}): {}", record.topic(),
        record.partition(), record.offset(), consumerName, stage, kind,
        cause(exception).toString());
  }

  private Headers failureHeaders(ConsumerRecord<?, ?> record, Exception exception) {
    Throwable cause = cause(exception);
    RecordHeaders h = new RecordHeaders();
    add(h, DeadLetterHeaders.EXCEPTION, cause.getClass().getName());
    add(h, DeadLetterHeaders.MESSAGE, String.valueOf(cause.getMessage()));
    add(h, DeadLetterHeaders.STAGE, stage(exception).name());
    add(h, DeadLetterHeaders.FAILURE, FailureClassifier.classify(exception).name());
    add(h, DeadLetterHeaders.ATTEMPTS, String.valueOf(attempts.finish(record)));
    add(h, DeadLetterHeaders.CONSUMER, consumerName);
    add(h, DeadLetterHeaders.ORIGINAL_TOPIC, record.topic());
    add(h, DeadLetterHeaders.ORIGINAL_PARTITION, String.valueOf(record.partition()));
    add(h, DeadLetterHeaders.ORIGINAL_OFFSET, String.valueOf(record.offset()));
    add(h, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
    return h;
  }

  private static void add(RecordHeaders h, String name, String value) {
    h.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  static FailureStage stage(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof DeserializationException) {
        return FailureStage.DESERIALIZATION;
      }
      if (t instanceof MessageValidationException) {
        return FailureStage.VALIDATION;
      }
    }
    return FailureStage.HANDLER;
  }

  /** The exception that says what went wrong, below spring-kafka's wrappers. */
  static Throwable cause(Throwable exception) {
    Throwable t = exception;
    while (t instanceof ListenerExecutionFailedException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof DeserializationException && t.getCause() != null) {
      return t.getCause();
    }
    return t;
  }
}
