package com.bookiji.platform.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.RelayPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The testkit's {@link RelayPublisher} plays the relay in other modules' ITs; it cannot use this
 * module's classes (this module tests with the testkit), so this test keeps the two records equal.
 */
@DisplayName("The testkit publishes a record exactly as the outbox relay does")
class TestkitPublishesLikeTheRelayTest {

  private static final byte[] WIRE_FORMAT_VALUE = {0, 0, 0, 0, 7, 2, 'x'};

  @Test
  @DisplayName("same topic, key, value, and headers with the same names, values and order")
  void sameRecordAsTheRelay() {
    ProducerRecord<String, byte[]> relay = new OutboxRecord("e-1", "availability.commands", "res-1",
        WIRE_FORMAT_VALUE, "HoldSlot", "res-1", "cause-1", "00-trace-span-01").toProducerRecord();
    ProducerRecord<String, byte[]> testkit = RelayPublisher.record("availability.commands", "res-1",
        WIRE_FORMAT_VALUE, "e-1", "HoldSlot", "res-1", "cause-1", "00-trace-span-01");

    assertSameRecord(testkit, relay);
    assertThat(names(relay)).containsExactly(MessageHeaders.EVENT_ID, MessageHeaders.EVENT_TYPE,
        MessageHeaders.CORRELATION_ID, MessageHeaders.CAUSATION_ID, MessageHeaders.TRACEPARENT);
  }

  @Test
  @DisplayName("a root message (no cause) carries no causationId header, as from the relay")
  void noCauseNoHeader() {
    ProducerRecord<String, byte[]> relay = new OutboxRecord("e-2", "payment.events", "res-2",
        WIRE_FORMAT_VALUE, "PaymentAuthorized", "res-2", null, "00-trace-span-01").toProducerRecord();
    ProducerRecord<String, byte[]> testkit = RelayPublisher.record("payment.events", "res-2",
        WIRE_FORMAT_VALUE, "e-2", "PaymentAuthorized", "res-2", null, "00-trace-span-01");

    assertSameRecord(testkit, relay);
    assertThat(names(testkit)).doesNotContain(MessageHeaders.CAUSATION_ID);
  }

  private static void assertSameRecord(ProducerRecord<String, byte[]> testkit,
      ProducerRecord<String, byte[]> relay) {
    assertThat(testkit.topic()).isEqualTo(relay.topic());
    assertThat(testkit.partition()).isEqualTo(relay.partition());
    assertThat(testkit.key()).isEqualTo(relay.key());
    assertThat(testkit.value()).isEqualTo(relay.value());
    assertThat(rendered(testkit)).containsExactlyElementsOf(rendered(relay));
  }

  private static List<String> names(ProducerRecord<String, byte[]> record) {
    return Arrays.stream(record.headers().toArray()).map(Header::key).toList();
  }

  private static List<String> rendered(ProducerRecord<String, byte[]> record) {
    return Arrays.stream(record.headers().toArray())
        .map(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)).toList();
  }
}
