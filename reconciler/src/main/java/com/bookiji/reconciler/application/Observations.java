package com.bookiji.reconciler.application;

import com.bookiji.reconciler.domain.ObservationSummary;
import com.bookiji.reconciler.domain.ObservedMessage;
import com.bookiji.reconciler.domain.ReservationLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Use cases on the read model: record what was seen, answer lifecycle and summary questions. */
@Service
public class Observations {

  private final ObservedMessageStore store;

  public Observations(ObservedMessageStore store) {
    this.store = store;
  }

  /**
   * Called inside the inbox transaction, so the observation commits with the inbox record; the
   * store's own event-id uniqueness is a second line against a replay from another path.
   */
  @Transactional
  public void observe(ObservedMessage message) {
    store.add(message);
  }

  @Transactional(readOnly = true)
  public ReservationLifecycle lifecycle(String reservationId) {
    return new ReservationLifecycle(reservationId, store.byReservation(reservationId));
  }

  @Transactional(readOnly = true)
  public ObservationSummary summary() {
    return ObservationSummary.of(store.countByEventType());
  }
}
