package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.schemas.topics.ProvisionTopics;
import java.util.Collection;
import java.util.List;

/** How compose and Kubernetes run the topic provisioning from a service image, and what it reads. */
final class TopicProvisioningCommand {

  static final String LOGBACK = "com/bookiji/schemas/topics/provisioning-logback.xml";
  /** In the image's working directory, where the layers put BOOT-INF. */
  static final List<String> COMMAND = List.of("java", "-Dlogback.configurationFile=" + LOGBACK,
      "-cp", "BOOT-INF/classes:BOOT-INF/lib/*", ProvisionTopics.class.getName());

  private TopicProvisioningCommand() {
  }

  static void assertRunsProvisioning(String where, List<Object> command) {
    assertThat(command).as(where + " runs ProvisionTopics from the image's layers").containsExactlyElementsOf(COMMAND);
    assertThat(TopicProvisioningCommand.class.getClassLoader().getResource(LOGBACK)).as(LOGBACK).isNotNull();
  }

  /** Names the cluster and the replication factor; every BOOKIJI_KAFKA_* variable is one it reads. */
  static void assertConfigured(String where, Collection<String> variables) {
    assertThat(variables).as(where).contains("SPRING_KAFKA_BOOTSTRAPSERVERS", "BOOKIJI_KAFKA_REPLICATIONFACTOR",
        "BOOKIJI_KAFKA_MININSYNCREPLICAS");
    variables.stream().filter(v -> v.startsWith("BOOKIJI_KAFKA_"))
        .forEach(v -> assertThat(ProvisionTopics.ENVIRONMENT).as(where + ": ProvisionTopics reads " + v).contains(v));
  }
}
