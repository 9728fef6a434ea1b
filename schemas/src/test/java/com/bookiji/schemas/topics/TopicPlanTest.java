package com.bookiji.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopicPlanTest {

  @Test
  @DisplayName("the plan holds every catalogue topic and its dead-letter twin, with the catalogue's partitions")
  void everyCatalogueTopicAndItsTwin() {
    var plan = TopicPlan.catalogue((short) 3, 2);
    assertThat(plan).hasSize(Topic.values().length * 2);
    for (Topic topic : Topic.values()) {
      assertThat(plan).contains(
          new PlannedTopic(topic.topicName(), topic.partitions(), (short) 3, 2),
          new PlannedTopic(topic.deadLetterTopicName(), topic.partitions(), (short) 3, 2));
    }
    assertThat(TopicPlan.catalogueNames()).contains("reconciler.findings", "reconciler.findings-dlt");
  }

  @Test
  @DisplayName("min.insync.replicas above the replication factor is refused (every acks=all write would fail)")
  void minIsrAboveReplicationRefused() {
    assertThatThrownBy(() -> TopicPlan.catalogue((short) 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min.insync.replicas must be between 1 and the replication factor 1");
  }

  @Test
  @DisplayName("options win over the environment; min.insync.replicas defaults to replication factor - 1")
  void optionsAndEnvironment() {
    var env = Map.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "kafka:9092",
        "BOOKIJI_KAFKA_REPLICATIONFACTOR", "3");
    var fromEnv = ProvisionTopics.Options.parse(new String[0], env);
    assertThat(fromEnv.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(fromEnv.replicationFactor()).isEqualTo((short) 3);
    assertThat(fromEnv.minInsyncReplicas()).isEqualTo(2);
    assertThat(fromEnv.increasePartitions()).isFalse();
    assertThat(fromEnv.timeout()).isEqualTo(Duration.ofSeconds(120));

    var fromArgs = ProvisionTopics.Options.parse(new String[] {"--bootstrap-servers", "b:1",
        "--replication-factor", "1", "--increase-partitions", "--timeout-seconds", "5"}, env);
    assertThat(fromArgs.bootstrapServers()).isEqualTo("b:1");
    assertThat(fromArgs.minInsyncReplicas()).isEqualTo(1);
    assertThat(fromArgs.increasePartitions()).isTrue();
    assertThat(fromArgs.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("missing or malformed options stop the run with status 2 and say what is wrong")
  void badOptions() {
    assertThat(run(Map.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "k:9092"))).contains("--replication-factor")
        .contains("is required");
    assertThat(run(Map.of("BOOKIJI_KAFKA_REPLICATIONFACTOR", "3"))).contains("--bootstrap-servers");
    assertThat(run(Map.of(), "--replication-factor")).contains("--replication-factor needs a value");
    assertThat(run(Map.of(), "--partitions", "3")).contains("unknown option --partitions");
    assertThat(run(Map.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "k:9092"), "--replication-factor", "three"))
        .contains("must be a whole number, got three");
  }

  private static String run(Map<String, String> env, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ProvisionTopics.run(args, env, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    return err.toString(StandardCharsets.UTF_8);
  }
}
