package com.bookiji.platform.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InboxClientIdTest {

  @Test
  @DisplayName("inbox consumers are named after their consumer, and after the instance when spring.kafka.client-id names one")
  void clientIdNamesTheInstance() {
    assertThat(InboxConsumers.clientId("reservation-service", Map.of())).isEqualTo("reservation-service");
    assertThat(InboxConsumers.clientId("reservation-service", Map.of(ConsumerConfig.CLIENT_ID_CONFIG, " ")))
        .isEqualTo("reservation-service");
    assertThat(InboxConsumers.clientId("reservation-service",
        Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "reservation-service-2"))).isEqualTo("reservation-service@reservation-service-2");
  }
}
