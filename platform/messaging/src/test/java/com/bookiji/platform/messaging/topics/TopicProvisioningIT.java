package com.bookiji.platform.messaging.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.topics.PlannedTopic;
import com.bookiji.schemas.topics.ProvisioningReport;
import com.bookiji.schemas.topics.ProvisioningReport.Outcome;
import com.bookiji.schemas.topics.TopicPlan;
import com.bookiji.schemas.topics.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

@DisplayName("Topic provisioning against a real broker: create what is missing, report what differs")
class TopicProvisioningIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static Admin admin;

  @BeforeAll
  static void connect() {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @DisplayName("missing topics are created with the planned partitions and min.insync.replicas; a second run changes nothing")
  void createsMissingTopicsOnce() throws Exception {
    List<PlannedTopic> plan = List.of(new PlannedTopic(unique("orders"), 4, (short) 1, 1),
        new PlannedTopic(unique("orders-dlt"), 4, (short) 1, 1));
    TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT);

    ProvisioningReport first = provisioner.provision(plan, false);
    ProvisioningReport second = provisioner.provision(plan, false);

    assertThat(first.topics(Outcome.CREATED)).containsExactly(plan.get(0).name(), plan.get(1).name());
    assertThat(second.isComplete()).isTrue();
    assertThat(second.topics(Outcome.PRESENT)).containsExactly(plan.get(0).name(), plan.get(1).name());
    assertThat(second.topics(Outcome.CREATED)).isEmpty();
    var description = admin.describeTopics(List.of(plan.get(0).name())).allTopicNames().get()
        .get(plan.get(0).name());
    assertThat(description.partitions()).hasSize(4);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, plan.get(0).name());
    assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("1");
  }

  @Test
  @DisplayName("an existing topic with fewer partitions is reported and left alone; asked to, provisioning increases them")
  void fewerPartitionsAreReported() throws Exception {
    String name = unique("narrow");
    createDirectly(name, 2);
    List<PlannedTopic> plan = List.of(new PlannedTopic(name, 6, (short) 1, 1));
    TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT);

    ProvisioningReport report = provisioner.provision(plan, false);

    assertThat(report.isComplete()).isFalse();
    assertThat(report.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.outcome()).isEqualTo(Outcome.TOO_FEW_PARTITIONS);
      assertThat(problem.detail()).contains("2 partitions, planned 6").contains("--increase-partitions");
    });
    assertThat(partitions(name)).isEqualTo(2);

    ProvisioningReport increased = provisioner.provision(plan, true);

    assertThat(increased.isComplete()).isTrue();
    assertThat(increased.topics(Outcome.PARTITIONS_INCREASED)).containsExactly(name);
    assertThat(partitions(name)).isEqualTo(6);
  }

  @Test
  @DisplayName("an existing topic with another replication factor is reported (only a reassignment changes it)")
  void otherReplicationFactorIsReported() throws Exception {
    String name = unique("thin");
    createDirectly(name, 1);

    ProvisioningReport report = new TopicProvisioner(admin, TIMEOUT)
        .provision(List.of(new PlannedTopic(name, 1, (short) 3, 2)), false);

    assertThat(report.problems()).extracting(ProvisioningReport.Entry::outcome)
        .containsExactly(Outcome.REPLICATION_FACTOR_DIFFERS);
  }

  @Test
  @DisplayName("the test broker has every catalogue topic, made by the same provisioning")
  void catalogueProvisioned() throws Exception {
    assertThat(new TopicProvisioner(admin, TIMEOUT).missing(TopicPlan.catalogueNames())).isEmpty();
  }

  @Test
  @DisplayName("readiness 'kafka' is DOWN naming the missing topics, and UP once they exist")
  void healthNamesMissingTopics() throws Exception {
    String name = unique("late");
    CatalogueTopicsHealthIndicator health = new CatalogueTopicsHealthIndicator(
        () -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers())),
        TIMEOUT, List.of("availability.events", name));
    try {
      Health down = health.health();
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails()).containsEntry("missingTopics", List.of(name));

      new TopicProvisioner(admin, TIMEOUT).provision(List.of(new PlannedTopic(name, 1, (short) 1, 1)), false);

      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    } finally {
      health.destroy();
    }
  }

  @Test
  @DisplayName("readiness 'kafka' is DOWN when the cluster does not answer")
  void healthDownWithoutKafka() {
    CatalogueTopicsHealthIndicator health = CatalogueTopicsHealthIndicator.forCatalogue(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"), Duration.ofSeconds(2));
    try {
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    } finally {
      health.destroy();
    }
  }

  /** As someone else would have: without the provisioning, visible once the broker says so. */
  private static void createDirectly(String name, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    await().atMost(TIMEOUT).until(() -> admin.listTopics().names().get().contains(name));
  }

  private static int partitions(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
  }
}
