package com.bookiji.reconciler.console.application;

import com.bookiji.reconciler.console.domain.BusinessLag;
import com.bookiji.reconciler.console.domain.ConsumerGroupLag;
import com.bookiji.reconciler.console.domain.LagSample;
import com.bookiji.reconciler.console.domain.LagStatus;
import com.bookiji.reconciler.console.domain.PartitionLag;
import com.bookiji.reconciler.console.domain.PartitionLagHistory;
import com.bookiji.reconciler.observation.application.KafkaOffsets;
import com.bookiji.reconciler.observation.application.LagReadingListener;
import com.bookiji.reconciler.observation.application.Observations;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Every consumer group's lag per partition with its Burrow-style status, fed by the lag monitor's
 * readings (one AdminClient for the whole reconciler). Business lag is counted when asked: the
 * messages between a group's committed offset and the end, as the auditor observed them.
 */
@Service
public class LagBoard implements LagReadingListener {

  /** Samples a status is judged over: 10 readings, 20 s at the default 2 s sampling. */
  static final int WINDOW = 10;
  private static final Duration KEEP = Duration.ofMinutes(30);

  private record Key(String group, String topic, int partition) {}

  private final Map<Key, PartitionLagHistory> histories = new HashMap<>();
  private final Set<String> groupsWithMembers = new HashSet<>();
  private final Observations observations;
  private final Clock clock;

  public LagBoard(Observations observations, Clock clock) {
    this.observations = observations;
    this.clock = clock;
  }

  @Override
  public synchronized void sampled(Instant at, KafkaOffsets.Reading reading) {
    groupsWithMembers.clear();
    groupsWithMembers.addAll(reading.groupsWithMembers());
    Set<Key> seen = new HashSet<>();
    reading.committedByGroup().forEach((group, committed) -> committed.forEach((topicPartition, offset) -> {
      Long end = reading.endOffsets().get(topicPartition);
      if (end == null) {
        return;
      }
      int slash = topicPartition.lastIndexOf('/');
      Key key = new Key(group, topicPartition.substring(0, slash), Integer.parseInt(topicPartition.substring(slash + 1)));
      seen.add(key);
      histories.computeIfAbsent(key, k -> new PartitionLagHistory(WINDOW, KEEP))
          .add(new LagSample(at, offset, end, reading.groupsWithMembers().contains(group)));
    }));
    histories.keySet().retainAll(seen); // a deleted group or topic leaves the board
  }

  /** Every group, the worst first (status, then time lag). */
  public List<ConsumerGroupLag> groups() {
    Map<String, List<Map.Entry<Key, PartitionLagHistory>>> byGroup;
    Set<String> live;
    Map<Key, PartitionLag> rows = new HashMap<>();
    synchronized (this) {
      Instant now = clock.instant();
      byGroup = new TreeMap<>();
      histories.forEach((k, h) -> {
        byGroup.computeIfAbsent(k.group(), g -> new ArrayList<>()).add(Map.entry(k, h));
        rows.put(k, new PartitionLag(k.topic(), k.partition(), h.committedOffset(), h.endOffset(), h.offsetLag(),
            h.timeLag(now), h.status()));
      });
      live = Set.copyOf(groupsWithMembers);
    }
    ModelSnapshot model = observations.model();
    List<ConsumerGroupLag> groups = new ArrayList<>();
    byGroup.forEach((group, entries) -> {
      List<PartitionLag> partitions = entries.stream().map(e -> rows.get(e.getKey()))
          .sorted(Comparator.comparing(PartitionLag::topic).thenComparing(PartitionLag::partition)).toList();
      LagStatus status = partitions.stream().map(PartitionLag::status).reduce(LagStatus.OK, LagStatus::worse);
      long offsetLag = partitions.stream().mapToLong(PartitionLag::offsetLag).sum();
      Duration timeLag = partitions.stream().map(PartitionLag::timeLag).max(Comparator.naturalOrder())
          .orElse(Duration.ZERO);
      List<String> waiting = new ArrayList<>();
      partitions.stream().filter(p -> p.offsetLag() > 0).forEach(p -> waiting.addAll(
          observations.reservationsBetween(p.topic(), p.partition(), p.committedOffset(), p.endOffset())));
      groups.add(new ConsumerGroupLag(group, status, live.contains(group), offsetLag, timeLag,
          waiting.isEmpty() ? BusinessLag.none() : BusinessLag.of(waiting, model), partitions));
    });
    groups.sort(Comparator.comparing(ConsumerGroupLag::status).reversed()
        .thenComparing(ConsumerGroupLag::timeLag, Comparator.reverseOrder())
        .thenComparing(ConsumerGroupLag::group));
    return groups;
  }

  public Optional<ConsumerGroupLag> group(String group) {
    return groups().stream().filter(g -> g.group().equals(group)).findFirst();
  }

  /** Each group's committed offset on one partition, to tell how far a message is from being read. */
  public synchronized Map<String, Long> committedOn(String topic, int partition) {
    Map<String, Long> committed = new TreeMap<>();
    histories.forEach((k, h) -> {
      if (k.topic().equals(topic) && k.partition() == partition) {
        committed.put(k.group(), h.committedOffset());
      }
    });
    return committed;
  }
}
