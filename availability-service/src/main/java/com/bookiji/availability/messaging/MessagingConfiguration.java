package com.bookiji.availability.messaging;

import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.schemas.Topic;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

  public static final String CONSUMER_NAME = "availability-service";

  @Bean
  InboxSubscription availabilityCommands(AvailabilityCommandHandler handler) {
    return new InboxSubscription(CONSUMER_NAME, List.of(Topic.AVAILABILITY_COMMANDS), handler);
  }
}
