package com.bookiji.reconciler.observation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.HoldReleased;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import com.bookiji.schemas.reservation.ReservationStateChanged;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Avro records into typed facts")
class FactMapperTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private final FactMapper facts = new FactMapper();
  private final ObservedMessageMapper observations = new ObservedMessageMapper();

  private static final List<SpecificRecord> SAGA = List.of(
      SlotHeld.newBuilder().setReservationId("r-1").setSlotId("s-1").setVendorId("v-1").setHoldId("h-1")
          .setExpiresAt(T0.plusSeconds(900)).setPriceAmountMinor(5000).setCurrency("EUR")
          .setSlotStartsAt(T0.plusSeconds(3600)).setSlotEndsAt(T0.plusSeconds(7200)).setOccurredAt(T0).build(),
      PaymentAuthorized.newBuilder().setReservationId("r-1").setPaymentIntentId("pi_1").setAmountMinor(5000)
          .setCurrency("EUR").setOccurredAt(T0.plusSeconds(1)).build(),
      HoldCommitted.newBuilder().setReservationId("r-1").setSlotId("s-1").setHoldId("h-1").setBookingId("b-1")
          .setOccurredAt(T0.plusSeconds(2)).build(),
      PaymentCaptured.newBuilder().setReservationId("r-1").setPaymentIntentId("pi_1").setAmountCapturedMinor(5000)
          .setCurrency("EUR").setChargeId(null).setOccurredAt(T0.plusSeconds(3)).build(),
      PaymentRefunded.newBuilder().setReservationId("r-1").setPaymentIntentId("pi_1").setRefundId("re_1")
          .setAmountMinor(1000).setCurrency("EUR").setOccurredAt(T0.plusSeconds(4)).build(),
      ReservationStateChanged.newBuilder().setReservationId("r-1").setPreviousState("CAPTURE_PENDING")
          .setState("CONFIRMED").setTrigger("PaymentCaptured").setTerminal(true).setVendorId("v-1")
          .setAmountMinor(5000L).setCurrency("EUR").setDetail(null).setOccurredAt(T0.plusSeconds(3)).build(),
      HoldReleased.newBuilder().setReservationId("r-2").setSlotId(null).setHoldId(null).setOccurredAt(T0).build(),
      PaymentVoided.newBuilder().setReservationId("r-2").setPaymentIntentId(null).setOccurredAt(T0).build(),
      HoldSlot.newBuilder().setReservationId("r-3").setSlotId("s-3").setRequesterId("bob").setHoldTtlSeconds(60)
          .setOccurredAt(T0).build());

  @Test
  @DisplayName("takes the typed fields, amounts in minor units with their currency, and the producer's time")
  void typedFields() {
    assertThat(facts.fact(SAGA.get(3), "r-1", T0.plusSeconds(99)))
        .isEqualTo(new Fact.PaymentCaptured("r-1", "pi_1", null, new Money(5000, "EUR"), T0.plusSeconds(3)));
    assertThat(facts.fact(SAGA.get(6), "r-2", T0)).isEqualTo(new Fact.HoldEnded("r-2", null, "HoldReleased", T0));
    assertThat(facts.fact(SAGA.get(8), "r-3", T0)).isEqualTo(new Fact.Noted("r-3", "HoldSlot", T0));
  }

  @Test
  @DisplayName("a model rebuilt from the stored JSON encodings equals the model fed live")
  void rebuildFromStoredObservations() {
    AuditModel live = new AuditModel();
    AuditModel rebuilt = new AuditModel();
    long offset = 0;
    for (SpecificRecord record : SAGA) {
      Topic topic = Topic.carrying(record.getClass());
      UUID eventId = UUID.randomUUID();
      InboundMessage message = new InboundMessage(topic.topicName(), 0, offset++, "r-1", eventId,
          record.getSchema().getName(), record, MessageContext.root("c"));
      ObservedMessage stored = observations.map(message, T0.plusSeconds(60));
      live.apply(eventId, facts.fact(record, stored.reservationId(), stored.observedAt()));
      rebuilt.apply(eventId, facts.fact(stored));
    }
    assertThat(rebuilt.snapshot()).isEqualTo(live.snapshot());
    assertThat(rebuilt.snapshot().unreadable()).isEmpty();
    assertThat(rebuilt.snapshot().ledgers().get("r-1").posted()).containsEntry("EUR", 4000L);
  }

  @Test
  @DisplayName("a stored message it cannot read becomes an Unreadable fact, not an exception")
  void unreadableStoredMessage() {
    ObservedMessage broken = new ObservedMessage("payment.events", 2, 40, "r-9", "r-9", UUID.randomUUID(),
        "PaymentCaptured", "{\"not\": \"avro\"}", java.util.Map.of(), T0, T0);
    ObservedMessage unknownType = new ObservedMessage("payment.events", 2, 41, "r-9", "r-9", UUID.randomUUID(),
        "PaymentTeleported", "{}", java.util.Map.of(), T0, T0);

    assertThat(facts.fact(broken)).isInstanceOf(Fact.Unreadable.class);
    assertThat(facts.fact(unknownType)).isInstanceOfSatisfying(Fact.Unreadable.class,
        u -> assertThat(u.problem()).contains("PaymentTeleported"));
  }
}
