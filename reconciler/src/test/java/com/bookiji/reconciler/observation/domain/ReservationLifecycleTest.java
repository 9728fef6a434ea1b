package com.bookiji.reconciler.observation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a reservation's lifecycle")
class ReservationLifecycleTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private static ObservedMessage message(String topic, long offset, String type, Instant occurredAt, Instant observedAt) {
    return new ObservedMessage(topic, 0, offset, "r-1", "r-1", UUID.randomUUID(), type, "{}", Map.of(),
        occurredAt, observedAt);
  }

  @Test
  @DisplayName("lists messages from all topics in the order they happened, not the order they were seen")
  void ordersByOccurrence() {
    ObservedMessage requested = message("reservation.events", 0, "ReservationRequested", T0, T0.plusSeconds(5));
    ObservedMessage hold = message("availability.commands", 0, "HoldSlot", T0.plusMillis(1), T0.plusSeconds(1));
    ObservedMessage held = message("availability.events", 0, "SlotHeld", T0.plusMillis(20), T0.plusSeconds(2));

    ReservationLifecycle lifecycle = new ReservationLifecycle("r-1", List.of(held, requested, hold));

    assertThat(lifecycle.messages()).extracting(ObservedMessage::eventType)
        .containsExactly("ReservationRequested", "HoldSlot", "SlotHeld");
    assertThat(lifecycle.last()).get().extracting(ObservedMessage::eventType).isEqualTo("SlotHeld");
  }

  @Test
  @DisplayName("keeps the log order of one partition when producer times are equal")
  void breaksTiesByOffset() {
    ObservedMessage second = message("reservation.events", 8, "ReservationStateChanged", T0, T0);
    ObservedMessage first = message("reservation.events", 7, "ReservationStateChanged", T0, T0);

    assertThat(new ReservationLifecycle("r-1", List.of(second, first)).messages())
        .extracting(ObservedMessage::offset).containsExactly(7L, 8L);
  }

  @Test
  @DisplayName("places a message without a producer time where the reconciler saw it")
  void fallsBackToObservationTime() {
    ObservedMessage timeless = message("payment.commands", 0, "CapturePayment", null, T0.plusSeconds(3));
    ObservedMessage earlier = message("reservation.events", 0, "ReservationStateChanged", T0.plusSeconds(2), T0.plusSeconds(9));

    assertThat(new ReservationLifecycle("r-1", List.of(timeless, earlier)).messages())
        .extracting(ObservedMessage::eventType).containsExactly("ReservationStateChanged", "CapturePayment");
  }

  @Test
  @DisplayName("is empty for a reservation nobody has heard of")
  void unknownReservation() {
    assertThat(new ReservationLifecycle("nope", List.of()).observed()).isFalse();
  }
}
