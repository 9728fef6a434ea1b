package com.bookiji.schemas.topics;

/** A topic as the provisioning creates it. */
public record PlannedTopic(String name, int partitions, short replicationFactor,
    int minInsyncReplicas) {

  public PlannedTopic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic needs a name");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(name + ": replication factor must be at least 1, got "
          + replicationFactor);
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(name + ": min.insync.replicas must be between 1 and the "
          + "replication factor " + replicationFactor + ", got " + minInsyncReplicas
          + " (more would make every acks=all write fail)");
    }
  }
}
