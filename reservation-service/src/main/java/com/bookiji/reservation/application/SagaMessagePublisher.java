package com.bookiji.reservation.application;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.reservation.saga.Command;
import com.bookiji.reservation.saga.SagaState;
import java.util.List;

/** Writes the saga's commands (and state-changed events) to the transactional outbox. */
public interface SagaMessagePublisher {

  void publish(SagaState state, List<Command> commands, MessageContext context);

  /** The {@code ReservationRequested} fact, published once when a reservation is created. */
  void publishRequested(SagaState state, String idempotencyKey, MessageContext context);
}
