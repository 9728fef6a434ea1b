package com.bookiji.availability.application;

import com.bookiji.availability.domain.AvailabilityEvent;
import com.bookiji.platform.messaging.MessageContext;

/**
 * Where decided facts go. Must be called inside the transaction that made the change: the
 * implementation appends to the transactional outbox, so fact and change commit together.
 */
public interface AvailabilityEventPublisher {
  void publish(AvailabilityEvent event, MessageContext context);
}
