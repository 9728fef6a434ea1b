package com.bookiji.payment.application;

import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.platform.messaging.MessageContext;
import java.util.List;

/** Appends facts to the outbox in the caller's transaction. */
public interface PaymentEventPublisher {
  void publish(List<PaymentEvent> events, MessageContext context);
}
