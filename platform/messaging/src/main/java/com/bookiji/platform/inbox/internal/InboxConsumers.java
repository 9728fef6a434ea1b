package com.bookiji.platform.inbox.internal;

import com.bookiji.platform.inbox.FailureClassifier;
import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.serde.AvroKafkaDeserializer;
import com.bookiji.schemas.serde.AvroWireFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;

/** One spring-kafka listener container per {@link InboxSubscription} bean. */
public final class InboxConsumers implements SmartLifecycle, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(InboxConsumers.class);

  private final List<ConcurrentMessageListenerContainer<String, AvroPayload>> containers =
      new ArrayList<>();
  private final DefaultKafkaProducerFactory<Object, Object> deadLetterProducers;
  private volatile boolean running;

  public InboxConsumers(List<InboxSubscription> subscriptions, Map<String, Object> consumerConfig,
      AvroWireFormat wireFormat, KafkaOperations<Object, Object> deadLetterTemplate,
      DefaultKafkaProducerFactory<Object, Object> deadLetterProducers, JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry meters,
      MessagingProperties.Inbox settings, Clock clock) {
    this.deadLetterProducers = deadLetterProducers;
    Duration transientPauseCap = transientPauseCap(consumerConfig, settings);
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
    config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    DefaultKafkaConsumerFactory<String, AvroPayload> consumerFactory =
        new DefaultKafkaConsumerFactory<>(config, StringDeserializer::new,
            () -> new ErrorHandlingDeserializer<>(
                new RetainingAvroDeserializer(new AvroKafkaDeserializer(wireFormat))));
    // Kafka's own client metrics (records-lag per partition, fetch and send rates) for on-call.
    consumerFactory.addListener(new MicrometerConsumerListener<>(meters));
    deadLetterProducers.addListener(new MicrometerProducerListener<>(meters));
    for (InboxSubscription subscription : subscriptions) {
      AttemptTracker attempts = new AttemptTracker();
      ContainerProperties props = new ContainerProperties(
          subscription.topics().stream().map(Topic::topicName).toArray(String[]::new));
      props.setGroupId(subscription.consumerName());
      props.setClientId(clientId(subscription.consumerName(), consumerConfig));
      // Offsets are committed once per poll, after every record of it was applied (each in its
      // own DB transaction). A crash in between redelivers those records and the inbox turns
      // them into no-ops, so one commit per poll is as safe as one per record and costs one
      // broker round trip (and one __consumer_offsets write) instead of N.
      props.setAckMode(ContainerProperties.AckMode.BATCH);
      props.setMessageListener(
          new InboxMessageListener(subscription, jdbc, tx, attempts, meters));
      ConcurrentMessageListenerContainer<String, AvroPayload> container =
          new ConcurrentMessageListenerContainer<>(consumerFactory, props);
      container.setConcurrency(concurrency(subscription, settings));
      container.setCommonErrorHandler(errorHandler(subscription, deadLetterTemplate, attempts,
          meters, settings, transientPauseCap, clock));
      container.setBeanName("inbox-" + subscription.consumerName());
      containers.add(container);
    }
  }

  /**
   * Each record is handled inside spring-kafka's listener observation: with Micrometer Tracing on
   * the classpath that is a consumer span, child of the record's {@code traceparent} header, current
   * while the handler runs, so the messages it causes carry the trace on ({@code
   * InboundMessage#nextContext}) and its log lines carry trace and span ids. Call before start.
   */
  public void observeWith(ObservationRegistry observations) {
    for (ConcurrentMessageListenerContainer<String, AvroPayload> container : containers) {
      container.getContainerProperties().setObservationEnabled(true);
      container.getContainerProperties().setObservationRegistry(observations);
    }
  }

  /**
   * Every failure is classified once ({@link FailureClassifier}): a deterministic one is
   * dead-lettered at once, a transient one is retried with exponential pauses (capped at
   * {@code transient-max-backoff}, at most half of {@code max.poll.interval.ms}) until it succeeds or {@code transient-retry-bound} has passed
   * since its first transient failure, an unknown one gets {@code max-attempts}. While a record is
   * retried the handler seeks back to it: its offset (and the rest of its partition) is not
   * committed, and the consumer returns to {@code poll()} after every pause, so the group keeps it.
   */
  static DefaultErrorHandler errorHandler(InboxSubscription subscription,
      KafkaOperations<Object, Object> template, AttemptTracker attempts, MeterRegistry meters,
      MessagingProperties.Inbox settings, Duration transientPauseCap, Clock clock) {
    ExponentialBackOffWithMaxRetries unknownBackOff =
        new ExponentialBackOffWithMaxRetries(Math.max(0, settings.getMaxAttempts() - 1));
    unknownBackOff.setInitialInterval(settings.getInitialBackoff().toMillis());
    unknownBackOff.setMultiplier(settings.getBackoffMultiplier());
    unknownBackOff.setMaxInterval(settings.getMaxBackoff().toMillis());
    DefaultErrorHandler handler = new DefaultErrorHandler(
        new DeadLetterRecoverer(subscription.consumerName(), template, attempts, meters, clock),
        unknownBackOff);
    // spring-kafka's own list (deserialization failures never retried) is replaced by ours: a
    // registry outage surfaces as a deserialization failure and must be retried.
    handler.setClassifications(Map.of(), true);
    handler.setBackOffFunction((record, failure) -> switch (FailureClassifier.classify(failure)) {
      case DETERMINISTIC -> NO_RETRIES;
      case TRANSIENT -> new TransientBackOff(settings.getInitialBackoff(),
          settings.getBackoffMultiplier(), transientPauseCap,
          attempts.transientSince(record, clock.instant()).plus(settings.getTransientRetryBound()),
          clock);
      case UNKNOWN -> unknownBackOff;
    });
    handler.setRetryListeners(new RetryListener() {
      @Override
      public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        Counter.builder("bookiji.inbox.retries")
            .description("failed deliveries that were tried again or dead-lettered, by kind")
            .tag("consumer", subscription.consumerName()).tag("topic", record.topic())
            .tag("failure", FailureClassifier.classify(failure).name())
            .register(meters).increment();
      }
    });
    return handler;
  }

  private static final FixedBackOff NO_RETRIES = new FixedBackOff(0, 0);

  /**
   * The consumer sleeps through each pause on its own thread: a pause near
   * {@code max.poll.interval.ms} would have the broker take its partitions away mid-retry, so a
   * transient pause is capped at half of it.
   */
  /**
   * The consumers' client id: the consumer name, and after an {@code @} the configured
   * {@code client.id} when there is one ({@code spring.kafka.client-id}), so that the members of a
   * group shared by several instances of a service say which instance they are
   * ({@code reservation-service@reservation-service-2-0}).
   */
  static String clientId(String consumerName, Map<String, Object> consumerConfig) {
    Object instance = consumerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG);
    return instance == null || instance.toString().isBlank() ? consumerName : consumerName + "@" + instance;
  }

  static Duration transientPauseCap(Map<String, Object> consumerConfig,
      MessagingProperties.Inbox settings) {
    Object configured = consumerConfig.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
    long maxPollIntervalMs = configured == null ? 300_000L : Long.parseLong(configured.toString());
    Duration safe = Duration.ofMillis(maxPollIntervalMs / 2);
    if (settings.getTransientMaxBackoff().compareTo(safe) > 0) {
      log.warn("bookiji.inbox.transient-max-backoff {} capped at {} (half of max.poll.interval.ms)",
          settings.getTransientMaxBackoff(), safe);
      return safe;
    }
    return settings.getTransientMaxBackoff();
  }

  static int concurrency(InboxSubscription subscription, MessagingProperties.Inbox settings) {
    if (subscription.concurrency() > 0) {
      return subscription.concurrency();
    }
    if (settings.getConcurrency() > 0) {
      return settings.getConcurrency();
    }
    int partitions = subscription.topics().stream().mapToInt(Topic::partitions).max().orElse(1);
    return Math.max(1, Math.min(partitions, settings.getMaxConcurrency()));
  }

  public List<ConcurrentMessageListenerContainer<String, AvroPayload>> containers() {
    return List.copyOf(containers);
  }

  @Override
  public void start() {
    containers.forEach(ConcurrentMessageListenerContainer::start);
    running = true;
  }

  @Override
  public void stop() {
    containers.forEach(ConcurrentMessageListenerContainer::stop);
    running = false;
  }

  @Override
  public boolean isRunning() { return running; }

  @Override
  public void destroy() {
    deadLetterProducers.destroy();
  }

  @Override
  public int getPhase() { return Integer.MAX_VALUE - 2000; }
}
