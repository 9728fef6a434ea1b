package com.bookiji.availability.messaging;

import com.bookiji.availability.application.AvailabilityMetrics;
import com.bookiji.availability.application.CommandRefused;
import com.bookiji.availability.application.HoldService;
import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.inbox.MessageHandler;
import com.bookiji.platform.inbox.RefusedMessageException;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.schemas.availability.CancelBooking;
import com.bookiji.schemas.availability.CommitHold;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.ReleaseHold;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/**
 * {@code availability.commands} → use cases. Runs inside the inbox transaction, so the effect,
 * its outcome event (outbox) and the inbox record commit together; an exact redelivery never
 * gets here. A command that can never succeed is dead-lettered with its reason.
 */
@Component
public class AvailabilityCommandHandler implements MessageHandler {

  private final HoldService holds;
  private final AvailabilityMetrics metrics;

  public AvailabilityCommandHandler(HoldService holds, AvailabilityMetrics metrics) {
    this.holds = holds;
    this.metrics = metrics;
  }

  @Override
  public void handle(InboundMessage message) {
    long started = System.nanoTime();
    SpecificRecord payload = message.payload();
    MessageContext context = message.nextContext();
    String command = payload == null ? "null" : payload.getClass().getSimpleName();
    try {
      AvailabilityEvent outcome = dispatch(payload, context);
      metrics.commandHandled(command, outcome.getClass().getSimpleName(),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (CommandRefused e) {
      metrics.commandHandled(command, "DeadLettered", Duration.ofNanos(System.nanoTime() - started));
      throw new RefusedMessageException(e.getMessage(), e);
    }
  }

  private AvailabilityEvent dispatch(SpecificRecord payload, MessageContext context) {
    if (payload instanceof HoldSlot c) {
      return holds.hold(AvroMapping.fromAvro(c), context);
    }
    if (payload instanceof CommitHold c) {
      return holds.commit(AvroMapping.fromAvro(c), context);
    }
    if (payload instanceof ReleaseHold c) {
      return holds.release(AvroMapping.fromAvro(c), context);
    }
    if (payload instanceof CancelBooking c) {
      return holds.cancelBooking(AvroMapping.fromAvro(c), context);
    }
    throw new CommandRefused("availability-service does not handle "
        + (payload == null ? "an empty payload" : payload.getClass().getName()));
  }
}
