package com.bookiji.reconciler.observation.application;

import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ObservationSummary;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.reconciler.observation.domain.ReservationLifecycle;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Use cases on the read model: record what was seen, answer lifecycle and summary questions. */
@Service
public class Observations {

  private final ObservedMessageStore store;
  private final ReadModel model;

  public Observations(ObservedMessageStore store, ReadModel model) {
    this.store = store;
    this.model = model;
  }

  /**
   * Called inside the inbox transaction, so the observation commits with the inbox record; the
   * store's own event-id uniqueness is a second line against a replay from another path.
   */
  @Transactional
  public void observe(ObservedMessage message, Fact fact) {
    store.add(message);
    // The typed model follows the table: only what committed is folded in (a rollback redelivers).
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          model.apply(message.eventId(), fact);
        }
      });
    } else {
      model.apply(message.eventId(), fact);
    }
  }

  /**
   * Folds every stored observation, in the order it was stored, into an empty model: the same state
   * the live feed built (each reservation's messages were stored in their log order).
   */
  public long rebuild(Function<ObservedMessage, Fact> read) {
    model.reset();
    long[] count = {0};
    store.replay(m -> {
      model.apply(m.eventId(), read.apply(m));
      count[0]++;
    });
    return count[0];
  }

  @Transactional(readOnly = true)
  public ReservationLifecycle lifecycle(String reservationId) {
    return new ReservationLifecycle(reservationId, store.byReservation(reservationId));
  }

  @Transactional(readOnly = true)
  public List<String> reservationsMentioning(String value, int limit) {
    return store.reservationsMentioning(value, limit);
  }

  @Transactional(readOnly = true)
  public List<String> reservationsBetween(String topic, int partition, long fromOffset, long toOffset) {
    return fromOffset >= toOffset ? List.of() : store.reservationsBetween(topic, partition, fromOffset, toOffset);
  }

  @Transactional(readOnly = true)
  public List<ObservedMessage> byEventType(String eventType, int limit) {
    return store.byEventType(eventType, limit);
  }

  @Transactional(readOnly = true)
  public Optional<ObservedMessage> at(String topic, int partition, long offset) {
    return store.at(topic, partition, offset);
  }

  public ModelSnapshot model() {
    return model.snapshot();
  }

  @Transactional(readOnly = true)
  public ObservationSummary summary() {
    return ObservationSummary.of(store.countByEventType());
  }
}
