package com.bookiji.reconciler.messaging;

import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.reconciler.application.Observations;
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
    return new InboxSubscription(CONSUMER, List.of(Topic.values()),
        message -> observations.observe(mapper.map(message, clock.instant())));
  }
}
