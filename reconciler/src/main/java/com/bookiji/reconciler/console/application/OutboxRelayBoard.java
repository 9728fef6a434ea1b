package com.bookiji.reconciler.console.application;

import com.bookiji.reconciler.console.domain.OutboxRelayRule;
import com.bookiji.reconciler.console.domain.OutboxRelayState;
import com.bookiji.reconciler.console.domain.RelayReading;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The outbox relays of the configured services, per instance: read every
 * {@code bookiji.reconciler.console.relay-poll-interval} through {@link RelayMetrics} (each instance
 * within {@code relay-timeout}, all at once), judged by {@link OutboxRelayRule}. The console shows the
 * latest round; reading never happens on a console's request, so a silent service cannot block a page.
 * It reads on a thread of its own: waiting for a silent service must not delay the audit's and the
 * lag monitor's turns on Spring's (single-threaded) scheduler.
 */
@Service
public class OutboxRelayBoard implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelayBoard.class);

  private final RelayMetrics metrics;
  private final ConsoleProperties properties;
  private final OutboxRelayRule rule;
  private final Clock clock;
  private volatile List<OutboxRelayState> latest = List.of();
  private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ops-console-relays");
    t.setDaemon(true);
    return t;
  });

  public OutboxRelayBoard(RelayMetrics metrics, ConsoleProperties properties, Clock clock) {
    this.metrics = metrics;
    this.properties = properties;
    this.rule = new OutboxRelayRule(properties.getBacklogAgeWarning());
    this.clock = clock;
    if (!properties.getServices().isEmpty()) {
      reader.scheduleWithFixedDelay(this::pollQuietly, 0, properties.getRelayPollInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.warn("Reading the outbox relays failed; the next round tries again: {}", e.toString());
    }
  }

  /** One round: every configured instance read once, then judged per service. */
  void poll() {
    if (properties.getServices().isEmpty()) {
      return;
    }
    List<URI> all = properties.getServices().values().stream().flatMap(List::stream).distinct().toList();
    Map<URI, RelayReading> readings = metrics.read(all, properties.getRelayTimeout());
    Instant at = clock.instant();
    List<OutboxRelayState> states = new ArrayList<>();
    properties.getServices().forEach((service, instances) -> {
      Map<String, RelayReading> ofService = new LinkedHashMap<>();
      instances.forEach(i -> ofService.put(i.toString(),
          readings.getOrDefault(i, new RelayReading.Unreachable("not read"))));
      states.addAll(rule.judge(service, at, ofService));
    });
    latest = List.copyOf(states);
  }

  /** The latest round, in the configured order of services and instances (empty before the first). */
  public List<OutboxRelayState> relays() {
    return latest;
  }

  @Override
  public void destroy() {
    reader.shutdownNow();
  }
}
