package com.bookiji.platform.inbox.internal;

import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.inbox.RejectedMessageException;
import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.serde.AvroKafkaDeserializer;
import com.bookiji.schemas.serde.AvroWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.support.TransactionTemplate;

/** One spring-kafka listener container per {@link InboxSubscription} bean. */
public final class InboxConsumers implements SmartLifecycle, DisposableBean {

  private final List<ConcurrentMessageListenerContainer<String, AvroPayload>> containers =
      new ArrayList<>();
  private final DefaultKafkaProducerFactory<Object, Object> deadLetterProducers;
  private volatile boolean running;

  public InboxConsumers(List<InboxSubscription> subscriptions, Map<String, Object> consumerConfig,
      AvroWireFormat wireFormat, KafkaOperations<Object, Object> deadLetterTemplate,
      DefaultKafkaProducerFactory<Object, Object> deadLetterProducers, JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry meters,
      MessagingProperties.Inbox settings) {
    this.deadLetterProducers = deadLetterProducers;
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
      props.setClientId(subscription.consumerName());
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
          meters, settings));
      container.setBeanName("inbox-" + subscription.consumerName());
      containers.add(container);
    }
  }

  private static DefaultErrorHandler errorHandler(InboxSubscription subscription,
      KafkaOperations<Object, Object> template, AttemptTracker attempts, MeterRegistry meters,
      MessagingProperties.Inbox settings) {
    ExponentialBackOffWithMaxRetries backOff =
        new ExponentialBackOffWithMaxRetries(Math.max(0, settings.getMaxAttempts() - 1));
    backOff.setInitialInterval(settings.getInitialBackoff().toMillis());
    backOff.setMultiplier(settings.getBackoffMultiplier());
    backOff.setMaxInterval(settings.getMaxBackoff().toMillis());
    DefaultErrorHandler handler = new DefaultErrorHandler(
        new DeadLetterRecoverer(subscription.consumerName(), template, attempts, meters), backOff);
    // Deserialization failures are already not retried by default; rejections neither.
    handler.addNotRetryableExceptions(RejectedMessageException.class);
    return handler;
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
