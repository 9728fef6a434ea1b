package com.bookiji.platform.messaging.autoconfigure;

import com.bookiji.platform.inbox.ExternalInbox;
import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.inbox.internal.DeadLetterSerializer;
import com.bookiji.platform.inbox.internal.InboxConsumers;
import com.bookiji.platform.inbox.internal.InboxJanitor;
import com.bookiji.platform.inbox.internal.JdbcExternalInbox;
import com.bookiji.platform.messaging.topics.CatalogueTopicsHealthIndicator;
import com.bookiji.platform.outbox.JdbcOutbox;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.outbox.relay.OutboxRelayHealthIndicator;
import com.bookiji.platform.outbox.relay.RelayDatabase;
import com.bookiji.platform.outbox.relay.RelayHooks;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Everything a Bookiji service needs to publish and consume messages: the {@link Outbox}, the
 * Debezium {@link OutboxRelay} (one active per database), an inbox consumer for every
 * {@link InboxSubscription} bean with retries and dead letters, a readiness check that the
 * catalogue's topics exist (they are provisioned outside the services), and the platform's own
 * migrations ({@link PlatformSchema}).
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class})
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public SchemaRegistryClient schemaRegistryClient(MessagingProperties properties) {
    String url = properties.getSchemaRegistry().getUrl();
    Assert.hasText(url, "bookiji.schema-registry.url must be set");
    return new SchemaRegistryClient(url);
  }

  @Bean
  @ConditionalOnMissingBean
  public AvroWireFormat avroWireFormat(SchemaRegistryClient registry) {
    return new AvroWireFormat(registry);
  }

  @Bean
  @ConditionalOnMissingBean(Outbox.class)
  public JdbcOutbox outbox(DataSource dataSource, AvroWireFormat wireFormat,
      PlatformSchema platformSchema) {
    return new JdbcOutbox(dataSource, wireFormat);
  }

  @Bean
  public InboxConsumers inboxConsumers(ObjectProvider<InboxSubscription> subscriptions,
      KafkaProperties kafka, AvroWireFormat wireFormat, DataSource dataSource,
      PlatformTransactionManager transactionManager, ObjectProvider<MeterRegistry> meters,
      MessagingProperties properties, PlatformSchema platformSchema, ObjectProvider<Clock> clock,
      ObjectProvider<ObservationRegistry> observations) {
    Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters");
    DefaultKafkaProducerFactory<Object, Object> deadLetterProducers =
        new DefaultKafkaProducerFactory<>(producer, DeadLetterSerializer::new,
            DeadLetterSerializer::new);
    InboxConsumers consumers = new InboxConsumers(subscriptions.orderedStream().toList(),
        kafka.buildConsumerProperties(), wireFormat, new KafkaTemplate<>(deadLetterProducers),
        deadLetterProducers, new JdbcTemplate(dataSource), new TransactionTemplate(transactionManager),
        meters.getIfAvailable(SimpleMeterRegistry::new), properties.getInbox(),
        clock.getIfAvailable(Clock::systemUTC));
    observations.ifAvailable(consumers::observeWith);
    return consumers;
  }

  @Bean
  @ConditionalOnMissingBean(ExternalInbox.class)
  public JdbcExternalInbox externalInbox(DataSource dataSource, PlatformSchema platformSchema) {
    return new JdbcExternalInbox(new JdbcTemplate(dataSource));
  }

  @Bean
  public InboxJanitor inboxJanitor(DataSource dataSource, MessagingProperties properties,
      PlatformSchema platformSchema) {
    return new InboxJanitor(new JdbcTemplate(dataSource), properties.getInbox().getRetention(),
        properties.getInbox().getPurgeInterval());
  }

  /**
   * The platform's tables exist before anything that uses them is created. The service's own
   * Flyway runs first: it must find the schema empty or already under its history table, or it
   * would refuse to migrate a schema the platform had filled.
   */
  @Bean
  public PlatformSchema platformSchema(DataSource dataSource,
      ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
    serviceMigrations.ifAvailable(initializer -> { });
    return PlatformSchema.migrate(dataSource);
  }

  /** Topics are provisioned outside the services (deploy/README.md); a service only checks them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class TopicsHealth {
    @Bean
    CatalogueTopicsHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
      return CatalogueTopicsHealthIndicator.forCatalogue(kafkaAdmin.getConfigurationProperties(),
          Duration.ofSeconds(5));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "bookiji.outbox.relay.enabled", matchIfMissing = true)
  static class Relay {

    @Bean
    OutboxRelay outboxRelay(PlatformSchema platformSchema,
        DataSourceProperties dataSourceProperties, KafkaProperties kafka,
        DataSource dataSource, ObjectProvider<MeterRegistry> meters, MessagingProperties properties,
        ObjectProvider<Clock> clock, ObjectProvider<RelayHooks> hooks) {
      RelayDatabase db = RelayDatabase.fromJdbcUrl(dataSourceProperties.determineUrl(),
          dataSourceProperties.determineUsername(), dataSourceProperties.determinePassword());
      Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
      producer.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
      producer.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
      producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
      producer.put(ProducerConfig.ACKS_CONFIG, "all");
      producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
      producer.put(ProducerConfig.LINGER_MS_CONFIG,
          (int) properties.getOutbox().getRelay().getProducerLinger().toMillis());
      producer.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
      producer.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + db.identifier());
      return new OutboxRelay(db, properties.getOutbox().getRelay(), producer, dataSource,
          meters.getIfAvailable(SimpleMeterRegistry::new), clock.getIfAvailable(Clock::systemUTC),
          hooks.getIfAvailable(() -> RelayHooks.NONE));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class RelayHealth {
      @Bean
      HealthIndicator outboxRelayHealthIndicator(OutboxRelay relay) {
        return new OutboxRelayHealthIndicator(relay);
      }
    }
  }
}
