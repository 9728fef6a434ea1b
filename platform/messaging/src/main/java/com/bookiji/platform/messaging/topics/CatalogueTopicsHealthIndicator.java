package com.bookiji.platform.messaging.topics;

import com.bookiji.schemas.topics.TopicPlan;
import com.bookiji.schemas.topics.TopicProvisioner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health "kafka" (part of readiness): UP when the cluster answers and every catalogue topic and
 * its {@code -dlt} twin exist. Services never create topics (the provisioning does, see
 * {@link TopicProvisioner}): a missing topic keeps the instance out of service, named in the
 * details and in one log line per change, instead of letting a producer or consumer make it
 * with the broker's defaults.
 */
public class CatalogueTopicsHealthIndicator implements HealthIndicator, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(CatalogueTopicsHealthIndicator.class);

  private final Supplier<Admin> adminFactory;
  private final Duration timeout;
  private final List<String> expected;
  private volatile Admin admin;
  private volatile List<String> lastMissing = List.of();

  public CatalogueTopicsHealthIndicator(Supplier<Admin> adminFactory, Duration timeout,
      List<String> expected) {
    this.adminFactory = adminFactory;
    this.timeout = timeout;
    this.expected = List.copyOf(expected);
  }

  /** Checks the catalogue ({@link TopicPlan#catalogueNames()}) with the service's Kafka settings. */
  public static CatalogueTopicsHealthIndicator forCatalogue(Map<String, Object> kafkaAdminConfig,
      Duration timeout) {
    Map<String, Object> config = new HashMap<>(kafkaAdminConfig);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "topic-check");
    return new CatalogueTopicsHealthIndicator(() -> Admin.create(config), timeout,
        TopicPlan.catalogueNames());
  }

  @Override
  public Health health() {
    List<String> missing;
    try {
      missing = new TopicProvisioner(admin(), timeout).missing(expected);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
    }
    if (!Objects.equals(missing, lastMissing)) {
      lastMissing = missing;
      if (missing.isEmpty()) {
        log.info("every catalogue topic exists");
      } else {
        log.warn("Kafka topics missing: {}. Services do not create topics: run the topic "
            + "provisioning (com.bookiji.schemas.topics.ProvisionTopics, see deploy/README.md)",
            missing);
      }
    }
    if (missing.isEmpty()) {
      return Health.up().withDetail("topics", expected.size()).build();
    }
    return Health.down().withDetail("missingTopics", missing)
        .withDetail("fix", "run the topic provisioning (deploy/README.md)").build();
  }

  private Admin admin() {
    Admin current = admin;
    if (current == null) {
      synchronized (this) {
        if (admin == null) {
          admin = adminFactory.get();
        }
        current = admin;
      }
    }
    return current;
  }

  @Override
  public void destroy() {
    Admin current = admin;
    if (current != null) {
      current.close(Duration.ofSeconds(5));
    }
  }
}
