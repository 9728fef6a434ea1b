package com.bookiji.schemas.topics;

import com.bookiji.schemas.Topic;
import java.util.ArrayList;
import java.util.List;

/** Every topic the system uses: each catalogue {@link Topic} and its {@code -dlt} twin. */
public final class TopicPlan {

  private TopicPlan() { }

  public static List<PlannedTopic> catalogue(short replicationFactor, int minInsyncReplicas) {
    List<PlannedTopic> topics = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      topics.add(new PlannedTopic(topic.topicName(), topic.partitions(), replicationFactor,
          minInsyncReplicas));
      topics.add(new PlannedTopic(topic.deadLetterTopicName(), topic.partitions(),
          replicationFactor, minInsyncReplicas));
    }
    return List.copyOf(topics);
  }

  /** The names of {@link #catalogue}: what every service expects to find. */
  public static List<String> catalogueNames() {
    return catalogue((short) 1, 1).stream().map(PlannedTopic::name).toList();
  }
}
