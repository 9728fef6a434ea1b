package com.bookiji.reservation.messaging;

import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.inbox.RefusedMessageException;
import com.bookiji.reservation.application.ReservationProperties;
import com.bookiji.reservation.application.ReservationService;
import com.bookiji.reservation.application.UnknownReservationException;
import com.bookiji.schemas.Topic;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One inbox consumer for both fact topics. The handler runs in the inbox transaction, so the saga
 * step, its outbox rows and the inbox record commit together: a redelivered event is a no-op.
 */
@Configuration(proxyBeanMethods = false)
public class SagaInboxConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SagaInboxConfiguration.class);

  @Bean
  InboxSubscription reservationSagaSubscription(ReservationService service, ReservationProperties properties) {
    return new InboxSubscription(properties.consumerName(),
        List.of(Topic.AVAILABILITY_EVENTS, Topic.PAYMENT_EVENTS),
        message -> AvroMapping.toSagaMessage(message.payload()).ifPresentOrElse(saga -> {
          try {
            service.handle(saga, message.nextContext());
          } catch (UnknownReservationException e) {
            throw new RefusedMessageException(e.getMessage(), e);
          }
        }, () -> log.debug("{} is not a saga message; skipped", message.eventType())));
  }
}
