package com.bookiji.platform.it;

import static com.bookiji.platform.it.Skeletons.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.inbox.DeadLetterHeaders;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.TestDatabase;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kafka clients' own metrics reach the service's registry (and so its Prometheus endpoint):
 * the inbox consumers' records-lag, which the consumer-lag alerts read, and the relay's producer.
 */
@DisplayName("Kafka client metrics of the inbox consumers and the relay's producer")
class KafkaClientMetricsIT {

  @AutoClose
  static final Skeletons skeletons = new Skeletons();
  /** Micrometer looks for metrics a Kafka client created after binding (per partition) every 60 s. */
  static final Duration DISCOVERY_DEADLINE = Duration.ofSeconds(150);

  static ConfigurableApplicationContext app;
  static MeterRegistry meters;
  static String consumerName;

  @BeforeAll
  static void startApp() {
    TestDatabase db = skeletons.database("clientmetrics");
    consumerName = "clientmetrics-" + db.name();
    app = skeletons.start(db, Map.of("skeleton.consumer-name", consumerName));
    meters = app.getBean(MeterRegistry.class);
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    SkeletonApp.awaitHoldApplied(jdbc, SkeletonApp.requestHold(app), DEADLINE);
  }

  @Test
  @DisplayName("an inbox consumer publishes its records-lag per partition, tagged with its client id")
  void consumerLag() {
    await().atMost(DISCOVERY_DEADLINE).until(() -> meters.find("kafka.consumer.fetch.manager.records.lag").meters()
        .stream().anyMatch(m -> clientId(m).startsWith(consumerName) && m.getId().getTag("partition") != null));
  }

  @Test
  @DisplayName("the relay's producer and the dead-letter producer both reach the Prometheus scrape with their send totals")
  void producersInThePrometheusScrape() {
    // A record nobody can decode makes the inbox create its dead-letter producer; both producers
    // must then be in the scrape (a second tag set under the same name would be dropped there).
    String key = UUID.randomUUID().toString();
    Kafka.produceRaw(SkeletonApp.TOPIC.topicName(), key, new byte[] {1, 2, 3}, Map.of(
        MessageHeaders.EVENT_ID, UUID.randomUUID().toString(), MessageHeaders.CORRELATION_ID, key));
    skeletons.infra.topicProbe().awaitRecords(SkeletonApp.TOPIC.deadLetterTopicName(),
        r -> key.equals(r.key()) && consumerName.equals(r.header(DeadLetterHeaders.CONSUMER)), 1, DEADLINE);
    PrometheusMeterRegistry prometheus = app.getBean(PrometheusMeterRegistry.class);
    await().atMost(DEADLINE).untilAsserted(() -> {
      List<String> sendTotals = prometheus.scrape().lines()
          .filter(l -> l.startsWith("kafka_producer_record_send_total{")).toList();
      assertThat(sendTotals).anyMatch(l -> l.contains("client_id=\"outbox-relay-"));
      assertThat(sendTotals).anyMatch(l -> l.contains("client_id=\"dead-letters"));
    });
  }

  private static String clientId(Meter m) {
    String id = m.getId().getTag("client.id");
    return id == null ? "" : id;
  }
}
