package com.bookiji.reconciler.observation.application;

import com.bookiji.reconciler.observation.domain.EndOffsetHistory;
import com.bookiji.reconciler.observation.domain.GroupLag;
import com.bookiji.reconciler.observation.domain.LagSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Samples every consumer group's lag per topic, in messages and in time (from the history of end
 * offsets). The audit stretches a check's grace by the lag of the topics it depends on, so a break
 * that is only "not yet seen" is reported as pending instead of raised.
 */
@Service
public class ConsumerLagMonitor {

  private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);
  private static final Duration HISTORY = Duration.ofMinutes(30);

  private final ObjectProvider<KafkaOffsets> offsets;
  private final ObjectProvider<LagReadingListener> listeners;
  private final Clock clock;
  private final Map<String, EndOffsetHistory> histories = new HashMap<>();
  private final AtomicReference<LagSnapshot> current = new AtomicReference<>(LagSnapshot.none());
  private final MultiGauge secondsBehind;

  public ConsumerLagMonitor(ObjectProvider<KafkaOffsets> offsets, ObjectProvider<LagReadingListener> listeners,
      Clock clock, MeterRegistry meters) {
    this.offsets = offsets;
    this.listeners = listeners;
    this.clock = clock;
    this.secondsBehind = MultiGauge.builder("bookiji.reconciler.consumer.lag.seconds")
        .description("estimated time the oldest unconsumed message of a group has waited, per topic").register(meters);
  }

  @Scheduled(fixedDelayString = "${bookiji.reconciler.lag.sample-interval:2s}")
  public void sampleOnSchedule() {
    try {
      sample();
    } catch (RuntimeException e) {
      log.warn("Reading consumer lag failed; the last measurement stays in use: {}", e.toString());
    }
  }

  public synchronized LagSnapshot sample() {
    KafkaOffsets source = offsets.getIfAvailable();
    if (source == null) {
      return current.get();
    }
    KafkaOffsets.Reading reading = source.read();
    Instant now = clock.instant();
    listeners.orderedStream().forEach(l -> l.sampled(now, reading));
    reading.endOffsets().forEach((partition, end) ->
        histories.computeIfAbsent(partition, p -> new EndOffsetHistory(HISTORY)).sample(now, end));
    Map<List<String>, GroupLag> worst = new HashMap<>();
    reading.committedByGroup().forEach((group, committed) -> committed.forEach((partition, offset) -> {
      Long end = reading.endOffsets().get(partition);
      EndOffsetHistory history = histories.get(partition);
      if (end == null || history == null) {
        return;
      }
      String topic = partition.substring(0, partition.lastIndexOf('/'));
      GroupLag lag = new GroupLag(group, topic, Math.max(0, end - offset), history.behind(offset, now));
      worst.merge(List.of(group, topic), lag, (a, b) -> a.timeBehind().compareTo(b.timeBehind()) >= 0 ? a : b);
    }));
    LagSnapshot snapshot = new LagSnapshot(new ArrayList<>(worst.values()));
    current.set(snapshot);
    secondsBehind.register(snapshot.lags().stream().map(l -> MultiGauge.Row.of(
        Tags.of("group", l.group(), "topic", l.topic()), l.timeBehind().toMillis() / 1000.0)).toList(), true);
    return snapshot;
  }

  public LagSnapshot current() {
    return current.get();
  }
}
