package com.bookiji.availability.messaging;

import com.bookiji.availability.application.AvailabilityEventPublisher;
import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.schemas.Topic;
import org.springframework.stereotype.Component;

/** Domain facts → Avro records → the transactional outbox (keyed by reservation id). */
@Component
public class OutboxAvailabilityEventPublisher implements AvailabilityEventPublisher {

  private final Outbox outbox;

  public OutboxAvailabilityEventPublisher(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void publish(AvailabilityEvent event, MessageContext context) {
    outbox.append(Topic.AVAILABILITY_EVENTS, event.reservationId(), AvroMapping.toAvro(event),
        context);
  }
}
