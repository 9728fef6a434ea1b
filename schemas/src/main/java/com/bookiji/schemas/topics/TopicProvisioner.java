package com.bookiji.schemas.topics;

import com.bookiji.schemas.topics.ProvisioningReport.Entry;
import com.bookiji.schemas.topics.ProvisioningReport.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates planned topics that are missing and checks the ones that exist, through Kafka's
 * AdminClient. The one place topics are made: operators run it ({@link ProvisionTopics}), the
 * local launcher and the test infrastructure call it in-process; services only
 * {@linkplain #missing check} that their topics exist. Running it again changes nothing.
 */
public final class TopicProvisioner {

  private static final Duration VISIBILITY_POLL = Duration.ofMillis(100);

  private final Admin admin;
  private final Duration timeout;

  public TopicProvisioner(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * Creates what is missing, sets {@code min.insync.replicas} where it differs, and reports an
   * existing topic with fewer partitions (or another replication factor) than planned. Partitions
   * are only added when {@code increasePartitions} says so: a new partition moves keys, so
   * per-key order breaks for messages in flight across the change.
   */
  public ProvisioningReport provision(List<PlannedTopic> plan, boolean increasePartitions)
      throws InterruptedException {
    Map<String, TopicDescription> existing = describe(plan.stream().map(PlannedTopic::name).toList());
    List<Entry> entries = new ArrayList<>();
    List<PlannedTopic> toCreate = new ArrayList<>();
    for (PlannedTopic planned : plan) {
      TopicDescription found = existing.get(planned.name());
      if (found == null) {
        toCreate.add(planned);
      } else {
        entries.addAll(check(planned, found, increasePartitions));
      }
    }
    entries.addAll(create(toCreate));
    entries.addAll(alignMinInsyncReplicas(plan, existing));
    return new ProvisioningReport(entries);
  }

  /** The names among {@code topics} that do not exist on the cluster. */
  public List<String> missing(Collection<String> topics) throws InterruptedException {
    Map<String, TopicDescription> existing = describe(topics);
    return topics.stream().filter(t -> !existing.containsKey(t)).toList();
  }

  private Map<String, TopicDescription> describe(Collection<String> topics)
      throws InterruptedException {
    Map<String, TopicDescription> found = new LinkedHashMap<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> each
        : admin.describeTopics(topics).topicNameValues().entrySet()) {
      try {
        found.put(each.getKey(), await(each.getValue()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw failure("describe topic " + each.getKey(), e);
        }
      }
    }
    return found;
  }

  private List<Entry> check(PlannedTopic planned, TopicDescription found,
      boolean increasePartitions) throws InterruptedException {
    List<Entry> entries = new ArrayList<>();
    int partitions = found.partitions().size();
    if (partitions < planned.partitions()) {
      if (increasePartitions) {
        try {
          await(admin.createPartitions(Map.of(planned.name(),
              NewPartitions.increaseTo(planned.partitions()))).all());
        } catch (ExecutionException e) {
          throw failure("increase the partitions of " + planned.name(), e);
        }
        entries.add(new Entry(planned.name(), Outcome.PARTITIONS_INCREASED,
            partitions + " -> " + planned.partitions() + " partitions"));
      } else {
        entries.add(new Entry(planned.name(), Outcome.TOO_FEW_PARTITIONS, partitions
            + " partitions, planned " + planned.partitions() + ": Kafka can increase them"
            + " (--increase-partitions), which moves keys to other partitions; do it while the"
            + " producers are stopped, or accept that per-key order breaks for messages in flight"));
      }
    } else {
      entries.add(new Entry(planned.name(), Outcome.PRESENT, partitions + " partitions"));
    }
    int replicas = found.partitions().get(0).replicas().size();
    if (replicas != planned.replicationFactor()) {
      entries.add(new Entry(planned.name(), Outcome.REPLICATION_FACTOR_DIFFERS, "replication factor "
          + replicas + ", planned " + planned.replicationFactor()
          + ": change it with a partition reassignment (kafka-reassign-partitions.sh)"));
    }
    return entries;
  }

  private List<Entry> create(List<PlannedTopic> toCreate) throws InterruptedException {
    List<Entry> entries = new ArrayList<>();
    if (toCreate.isEmpty()) {
      return entries;
    }
    List<NewTopic> newTopics = toCreate.stream()
        .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor())
            .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                String.valueOf(t.minInsyncReplicas()))))
        .toList();
    Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
    List<PlannedTopic> createdElsewhere = new ArrayList<>();
    for (PlannedTopic planned : toCreate) {
      try {
        await(results.get(planned.name()));
        entries.add(new Entry(planned.name(), Outcome.CREATED, planned.partitions()
            + " partitions, replication factor " + planned.replicationFactor()
            + ", min.insync.replicas " + planned.minInsyncReplicas()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw failure("create topic " + planned.name(), e);
        }
        createdElsewhere.add(planned);
      }
    }
    // Done means usable: every broker the services ask must already know the new topics.
    Map<String, TopicDescription> visible =
        awaitVisible(toCreate.stream().map(PlannedTopic::name).toList());
    for (PlannedTopic planned : createdElsewhere) {
      // Created meanwhile by a concurrent run (or just before it became visible): check it.
      entries.addAll(check(planned, visible.get(planned.name()), false));
    }
    return entries;
  }

  private Map<String, TopicDescription> awaitVisible(List<String> topics)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, TopicDescription> found = describe(topics);
      if (found.size() == topics.size()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics created but not visible within " + timeout + ": "
            + topics.stream().filter(t -> !found.containsKey(t)).toList());
      }
      Thread.sleep(VISIBILITY_POLL.toMillis());
    }
  }

  private List<Entry> alignMinInsyncReplicas(List<PlannedTopic> plan,
      Map<String, TopicDescription> existedBefore) throws InterruptedException {
    List<ConfigResource> resources = plan.stream()
        .filter(t -> existedBefore.containsKey(t.name()))
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
        .toList();
    List<Entry> entries = new ArrayList<>();
    if (resources.isEmpty()) {
      return entries;
    }
    Map<ConfigResource, Config> configs;
    try {
      configs = await(admin.describeConfigs(resources).all());
    } catch (ExecutionException e) {
      throw failure("read the topics' configuration", e);
    }
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
    for (PlannedTopic planned : plan) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, planned.name());
      Config config = configs.get(resource);
      if (config == null) {
        continue;
      }
      ConfigEntry current = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
      String wanted = String.valueOf(planned.minInsyncReplicas());
      if (current == null || !wanted.equals(current.value())) {
        changes.put(resource, List.of(new AlterConfigOp(
            new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, wanted), AlterConfigOp.OpType.SET)));
        entries.add(new Entry(planned.name(), Outcome.MIN_INSYNC_REPLICAS_SET,
            (current == null ? "unset" : current.value()) + " -> " + wanted));
      }
    }
    if (!changes.isEmpty()) {
      try {
        await(admin.incrementalAlterConfigs(changes).all());
      } catch (ExecutionException e) {
        throw failure("set min.insync.replicas", e);
      }
    }
    return entries;
  }

  private <T> T await(KafkaFuture<T> future) throws ExecutionException, InterruptedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + timeout, e);
    }
  }

  private static IllegalStateException failure(String what, ExecutionException e) {
    return new IllegalStateException("could not " + what + ": " + e.getCause(), e.getCause());
  }
}
