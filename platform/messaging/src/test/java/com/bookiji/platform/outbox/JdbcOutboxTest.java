package com.bookiji.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class JdbcOutboxTest {

  private final JdbcOutbox outbox = new JdbcOutbox(new SimpleDriverDataSource(),
      new AvroWireFormat(new SchemaRegistryClient("http://127.0.0.1:1")));

  @Test
  @DisplayName("appending outside a transaction is refused before anything is written")
  void refusesWithoutTransaction() {
    assertThatThrownBy(() -> outbox.append(Topic.AVAILABILITY_COMMANDS, "r-1", holdSlot(),
        MessageContext.root("r-1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction");
  }

  @Test
  @DisplayName("the aggregate type is what the topic is keyed by")
  void aggregateTypeFromTopicKey() {
    assertThat(JdbcOutbox.aggregateType(Topic.PAYMENT_COMMANDS)).isEqualTo("reservation");
    assertThat(JdbcOutbox.aggregateType(Topic.RECONCILER_FINDINGS)).isEqualTo("finding");
  }

  static HoldSlot holdSlot() {
    return HoldSlot.newBuilder().setReservationId("r-1").setSlotId("s").setRequesterId("q")
        .setHoldTtlSeconds(1).setOccurredAt(Instant.EPOCH).build();
  }
}
