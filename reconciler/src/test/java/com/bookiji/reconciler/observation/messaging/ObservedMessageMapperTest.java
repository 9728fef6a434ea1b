package com.bookiji.reconciler.observation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.reconciler.InvariantViolationFound;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("mapping a consumed message into the read model")
class ObservedMessageMapperTest {

  private static final Instant OCCURRED = Instant.parse("2026-11-25T10:00:00.123Z");
  private static final Instant OBSERVED = OCCURRED.plus(2, ChronoUnit.SECONDS);
  private final ObservedMessageMapper mapper = new ObservedMessageMapper();

  @Test
  @DisplayName("keeps the reservation id, the producer's time, the headers and the payload as JSON")
  void sagaMessage() {
    HoldSlot hold = HoldSlot.newBuilder().setReservationId("r-42").setSlotId("s-1").setRequesterId("alice")
        .setHoldTtlSeconds(600).setOccurredAt(OCCURRED).build();
    UUID eventId = UUID.randomUUID();
    UUID cause = UUID.randomUUID();
    MessageContext context = MessageContext.root("corr-1").causedBy(cause);

    ObservedMessage seen = mapper.map(
        new InboundMessage("availability.commands", 3, 17, "r-42", eventId, "HoldSlot", hold, context), OBSERVED);

    assertThat(seen.reservationId()).isEqualTo("r-42");
    assertThat(seen.occurredAt()).isEqualTo(OCCURRED);
    assertThat(seen.observedAt()).isEqualTo(OBSERVED);
    assertThat(seen.partition()).isEqualTo(3);
    assertThat(seen.offset()).isEqualTo(17);
    assertThat(seen.payloadJson()).contains("\"slotId\": \"s-1\"").contains("\"holdTtlSeconds\": 600");
    assertThat(seen.headers())
        .containsEntry("eventId", eventId.toString())
        .containsEntry("eventType", "HoldSlot")
        .containsEntry("correlationId", "corr-1")
        .containsEntry("causationId", cause.toString())
        .containsKey("traceparent");
  }

  @Test
  @DisplayName("stores the payload in Avro's JSON encoding, which decodes back to the same record")
  void payloadIsAvroJsonEncoding() {
    InvariantViolationFound finding = InvariantViolationFound.newBuilder().setFindingId("f-3")
        .setInvariant("NO_MONEY_LEAKAGE").setReservationId("r-8").setSubjectId("pi_3").setDetail("captured")
        .setOccurredAt(OCCURRED).build();

    ObservedMessage seen = mapper.map(new InboundMessage("reconciler.findings", 0, 2, "f-3", UUID.randomUUID(),
        "InvariantViolationFound", finding, MessageContext.root("corr-4")), OBSERVED);

    assertThat(seen.payloadJson())
        .as("a nullable field carries its branch, a timestamp is epoch millis")
        .contains("\"reservationId\": {\"string\": \"r-8\"}")
        .contains("\"repairAction\": null")
        .contains("\"occurredAt\": " + OCCURRED.toEpochMilli());
    assertThat(AvroJson.decode(seen.payloadJson(), InvariantViolationFound.class)).isEqualTo(finding);
  }

  @Test
  @DisplayName("takes the reservation id from the payload on topics keyed by something else")
  void findingAboutAReservation() {
    InvariantViolationFound finding = InvariantViolationFound.newBuilder().setFindingId("f-1")
        .setInvariant("NO_MONEY_LEAKAGE").setReservationId("r-7").setSubjectId("pi_1").setDetail("captured")
        .setOccurredAt(OCCURRED).build();

    ObservedMessage seen = mapper.map(new InboundMessage("reconciler.findings", 0, 0, "f-1", UUID.randomUUID(),
        "InvariantViolationFound", finding, MessageContext.root("corr-2")), OBSERVED);

    assertThat(seen.key()).isEqualTo("f-1");
    assertThat(seen.reservationId()).isEqualTo("r-7");
    assertThat(seen.headers()).doesNotContainKey("causationId");
  }

  @Test
  @DisplayName("leaves the reservation empty for a finding that is about no reservation")
  void findingWithoutReservation() {
    InvariantViolationFound finding = InvariantViolationFound.newBuilder().setFindingId("f-2")
        .setInvariant("STRIPE_ORPHAN").setReservationId(null).setSubjectId("pi_9").setDetail("orphan")
        .setOccurredAt(OCCURRED).build();

    ObservedMessage seen = mapper.map(new InboundMessage("reconciler.findings", 0, 1, "f-2", UUID.randomUUID(),
        "InvariantViolationFound", finding, MessageContext.root("corr-3")), OBSERVED);

    assertThat(seen.reservationId()).isNull();
  }
}
