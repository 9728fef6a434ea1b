package com.bookiji.platform.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.inbox.FailureStage;
import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.inbox.InboxSubscription;
import com.bookiji.platform.inbox.RefusedMessageException;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.payment.VoidPayment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

class InboxRulesTest {

  @Test
  @DisplayName("headers become the handler's eventId, type and context")
  void readsHeaders() {
    UUID eventId = UUID.randomUUID();
    ConsumerRecord<String, AvroPayload> record = record(Topic.AVAILABILITY_COMMANDS, holdSlot());
    header(record, MessageHeaders.EVENT_ID, eventId.toString());
    header(record, MessageHeaders.CORRELATION_ID, "corr");
    header(record, MessageHeaders.CAUSATION_ID, "cause");
    header(record, MessageHeaders.TRACEPARENT, "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");

    InboundMessage m = InboxMessageListener.toMessage(record);

    assertThat(m.eventId()).isEqualTo(eventId);
    assertThat(m.eventType()).isEqualTo("HoldSlot");
    assertThat(m.context().correlationId()).isEqualTo("corr");
    assertThat(m.context().causationId()).isEqualTo("cause");
    assertThat(m.nextContext().causationId()).isEqualTo(eventId.toString());
    assertThat(m.nextContext().traceparent()).contains("0123456789abcdef0123456789abcdef");
  }

  @Test
  @DisplayName("while a message keyed by a reservation is handled, its log lines name the reservation; afterwards not")
  void reservationIdInMdc() {
    ConsumerRecord<String, AvroPayload> record = record(Topic.AVAILABILITY_COMMANDS, holdSlot());
    try (MDC.MDCCloseable scope = InboxMessageListener.reservationInMdc(record)) {
      assertThat(MDC.get(InboxMessageListener.RESERVATION_ID_MDC_KEY)).isEqualTo(record.key());
    }
    assertThat(MDC.get(InboxMessageListener.RESERVATION_ID_MDC_KEY)).isNull();
  }

  @Test
  @DisplayName("a record without eventId, or with a type its topic does not carry, is invalid")
  void validation() {
    ConsumerRecord<String, AvroPayload> noId = record(Topic.AVAILABILITY_COMMANDS, holdSlot());
    header(noId, MessageHeaders.CORRELATION_ID, "c");
    assertThatThrownBy(() -> InboxMessageListener.toMessage(noId))
        .isInstanceOf(MessageValidationException.class).hasMessageContaining("eventId");

    ConsumerRecord<String, AvroPayload> wrongTopic = record(Topic.AVAILABILITY_COMMANDS,
        VoidPayment.newBuilder().setReservationId("r").setReason("test")
            .setOccurredAt(Instant.EPOCH).build());
    header(wrongTopic, MessageHeaders.EVENT_ID, UUID.randomUUID().toString());
    header(wrongTopic, MessageHeaders.CORRELATION_ID, "c");
    assertThatThrownBy(() -> InboxMessageListener.toMessage(wrongTopic))
        .isInstanceOf(MessageValidationException.class).hasMessageContaining("does not carry");
  }

  @Test
  @DisplayName("failures are classified into DESERIALIZATION, VALIDATION and HANDLER stages")
  void stages() {
    assertThat(DeadLetterRecoverer.stage(new ListenerExecutionFailedException("x",
        new DeserializationException("bad", new byte[0], false, new RuntimeException()))))
        .isEqualTo(FailureStage.DESERIALIZATION);
    assertThat(DeadLetterRecoverer.stage(new ListenerExecutionFailedException("x",
        new MessageValidationException("no id")))).isEqualTo(FailureStage.VALIDATION);
    assertThat(DeadLetterRecoverer.stage(new ListenerExecutionFailedException("x",
        new RefusedMessageException("no")))).isEqualTo(FailureStage.HANDLER);
    assertThat(DeadLetterRecoverer.cause(new ListenerExecutionFailedException("x",
        new RefusedMessageException("no")))).isInstanceOf(RefusedMessageException.class);
  }

  @Test
  @DisplayName("dead letters go to the catalogue's -dlt twin")
  void deadLetterTopic() {
    assertThat(DeadLetterRecoverer.deadLetterTopic("payment.commands"))
        .isEqualTo("payment.commands-dlt");
  }

  @Test
  @DisplayName("concurrency is the subscription's, else the property, else partitions capped at 3")
  void concurrency() {
    MessagingProperties.Inbox settings = new MessagingProperties.Inbox();
    MessageHandlerStub h = new MessageHandlerStub();
    assertThat(InboxConsumers.concurrency(
        new InboxSubscription("c", List.of(Topic.PAYMENT_COMMANDS), h), settings)).isEqualTo(3);
    assertThat(InboxConsumers.concurrency(
        new InboxSubscription("c", List.of(Topic.RECONCILER_FINDINGS), h), settings)).isEqualTo(1);
    assertThat(InboxConsumers.concurrency(
        new InboxSubscription("c", List.of(Topic.PAYMENT_COMMANDS), h, 2), settings)).isEqualTo(2);
    settings.setConcurrency(5);
    assertThat(InboxConsumers.concurrency(
        new InboxSubscription("c", List.of(Topic.PAYMENT_COMMANDS), h), settings)).isEqualTo(5);
  }

  static final class MessageHandlerStub implements com.bookiji.platform.inbox.MessageHandler {
    @Override
    public void handle(InboundMessage message) {}
  }

  static HoldSlot holdSlot() {
    return HoldSlot.newBuilder().setReservationId("r").setSlotId("s").setRequesterId("q")
        .setHoldTtlSeconds(1).setOccurredAt(Instant.EPOCH).build();
  }

  static ConsumerRecord<String, AvroPayload> record(Topic topic, SpecificRecord value) {
    return new ConsumerRecord<>(topic.topicName(), 0, 7L, "r", new AvroPayload(new byte[0], value));
  }

  static void header(ConsumerRecord<?, ?> r, String k, String v) {
    r.headers().add(k, v.getBytes(StandardCharsets.UTF_8));
  }
}
