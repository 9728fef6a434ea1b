package com.bookiji.reconciler.observation.messaging;

import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.reconciler.observation.application.Observations;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.schemas.Topic;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reconciler consumes every topic of the catalogue as consumer group {@code reconciler}. */
@Configuration(proxyBeanMethods = false)
public class ObservationSubscription {

  public static final String CONSUMER = "reconciler";

  @Bean
  InboxSubscription observeEveryTopic(Observations observations, Clock clock) {
    ObservedMessageMapper mapper = new ObservedMessageMapper();
    FactMapper facts = new FactMapper();
    return new InboxSubscription(CONSUMER, List.of(Topic.values()), message -> {
      ObservedMessage observed = mapper.map(message, clock.instant());
      Fact fact;
      try {
        fact = facts.fact(message.payload(), observed.reservationId(), observed.observedAt());
      } catch (RuntimeException e) {
        fact = FactMapper.unreadable(observed, e.toString()); // recorded; the rest continues
      }
      observations.observe(observed, fact);
    });
  }
}
