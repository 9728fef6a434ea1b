package com.bookiji.reservation.messaging;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.reservation.application.SagaMessagePublisher;
import com.bookiji.reservation.saga.Command;
import com.bookiji.reservation.saga.SagaState;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.reservation.ReservationRequested;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/** Saga commands → outbox rows, in the caller's transaction, keyed by reservation id. */
@Component
public class OutboxSagaMessagePublisher implements SagaMessagePublisher {

  private final Outbox outbox;
  private final Clock clock;

  public OutboxSagaMessagePublisher(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public void publish(SagaState state, List<Command> commands, MessageContext context) {
    Instant now = clock.instant();
    for (Command command : commands) {
      SpecificRecord record = AvroMapping.toAvro(state, command, now);
      outbox.append(AvroMapping.topicOf(record), state.reservationId(), record, context);
    }
  }

  @Override
  public void publishRequested(SagaState state, String idempotencyKey, MessageContext context) {
    outbox.append(Topic.RESERVATION_EVENTS, state.reservationId(), ReservationRequested.newBuilder()
        .setReservationId(state.reservationId()).setSlotId(state.slotId())
        .setRequesterId(state.requesterId()).setIdempotencyKey(idempotencyKey)
        .setOccurredAt(state.createdAt()).build(), context);
  }
}
