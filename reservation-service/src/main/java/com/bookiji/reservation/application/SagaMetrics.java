package com.bookiji.reservation.application;

import com.bookiji.reservation.domain.ReservationState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sagas in flight by state, the oldest in-flight age per state (refreshed from the database, so
 * every instance reports the same truth), and terminal outcomes by type (counted after commit).
 */
@Component
public class SagaMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final MultiGauge inFlight;
  private final MultiGauge oldestAge;

  public SagaMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.inFlight = MultiGauge.builder("reservation.sagas.in_flight")
        .description("reservations not yet in a terminal state, by state").register(registry);
    this.oldestAge = MultiGauge.builder("reservation.sagas.oldest_age")
        .description("seconds since the oldest in-flight reservation entered its state")
        .baseUnit("seconds").register(registry);
    for (ReservationState s : ReservationState.values()) {
      if (s.isTerminal()) {
        Counter.builder("reservation.sagas.outcomes").tag("outcome", s.name())
            .description("reservations that reached a terminal state").register(registry);
      }
    }
  }

  public void outcomeAfterCommit(ReservationState outcome) {
    Runnable count = () -> registry.counter("reservation.sagas.outcomes", "outcome", outcome.name()).increment();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          count.run();
        }
      });
    } else {
      count.run();
    }
  }

  public void refresh(Map<String, ReservationStore.InFlight> byState) {
    Instant now = clock.instant();
    List<MultiGauge.Row<?>> counts = new ArrayList<>();
    List<MultiGauge.Row<?>> ages = new ArrayList<>();
    for (ReservationState s : ReservationState.values()) {
      if (s.isTerminal()) {
        continue;
      }
      ReservationStore.InFlight f = byState.get(s.name());
      counts.add(MultiGauge.Row.of(Tags.of("state", s.name()), f == null ? 0 : f.count()));
      double age = f == null || f.oldestEnteredAt() == null ? 0
          : Math.max(0, Duration.between(f.oldestEnteredAt(), now).toMillis() / 1000.0);
      ages.add(MultiGauge.Row.of(Tags.of("state", s.name()), age));
    }
    inFlight.register(counts, true);
    oldestAge.register(ages, true);
  }
}
