package com.bookiji.reservation.application;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The durable-deadline scheduler and other periodic work. Safe with several instances: deadlines
 * are claimed per reservation with {@code FOR UPDATE SKIP LOCKED}, and they live in the database,
 * so a restart simply fires whatever became due while the service was down.
 */
@Component
public class Housekeeping {

  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final ReservationService service;
  private final ReservationStore store;
  private final SagaMetrics metrics;
  private final EventStreamTickets tickets;

  public Housekeeping(ReservationService service, ReservationStore store, SagaMetrics metrics,
      EventStreamTickets tickets) {
    this.service = service;
    this.store = store;
    this.metrics = metrics;
    this.tickets = tickets;
  }

  @Scheduled(fixedDelayString = "${bookiji.reservation.deadline-poll-interval:250ms}", initialDelayString = "1s")
  public void fireDeadlines() {
    try {
      int fired;
      do {
        fired = service.fireDueDeadlines();
      } while (fired > 0);
    } catch (RuntimeException e) {
      log.warn("firing deadlines failed; retrying on the next round", e);
    }
  }

  @Scheduled(fixedDelayString = "${bookiji.reservation.metrics-refresh-interval:5s}", initialDelayString = "1s")
  public void refreshMetrics() {
    try {
      metrics.refresh(store.inFlight());
    } catch (RuntimeException e) {
      log.warn("refreshing saga metrics failed", e);
    }
  }

  @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
  public void purgeIdempotencyKeys() {
    try {
      service.purgeExpiredIdempotencyKeys();
      tickets.purgeExpired();
    } catch (RuntimeException e) {
      log.warn("purging idempotency keys or event stream tickets failed", e);
    }
  }
}
