package com.bookiji.reconciler.observation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the auditor's typed model")
class AuditModelTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Money EUR_50 = new Money(5000, "EUR");

  @Test
  @DisplayName("a fact applied twice (same event id) counts once")
  void idempotentByEventId() {
    AuditModel model = new AuditModel();
    UUID eventId = UUID.randomUUID();
    Fact.PaymentCaptured captured = new Fact.PaymentCaptured("r-1", "pi_1", "ch_1", EUR_50, T0);

    assertThat(model.apply(eventId, captured)).isTrue();
    assertThat(model.apply(eventId, captured)).isFalse();
    assertThat(model.snapshot().ledgers().get("r-1").captures()).hasSize(1);
  }

  @Test
  @DisplayName("keeps the latest state of a reservation although an older change arrives last")
  void latestStateWins() {
    AuditModel model = new AuditModel();
    model.apply(UUID.randomUUID(), new Fact.ReservationRequested("r-1", "s-1", T0));
    model.apply(UUID.randomUUID(), new Fact.ReservationStateChanged("r-1", "CONFIRMED", true, EUR_50, T0.plusSeconds(9)));
    model.apply(UUID.randomUUID(), new Fact.ReservationStateChanged("r-1", "CAPTURE_PENDING", false, null, T0.plusSeconds(8)));

    ModelSnapshot.ReservationView r = model.snapshot().reservations().get("r-1");
    assertThat(r.state()).isEqualTo("CONFIRMED");
    assertThat(r.terminal()).isTrue();
    assertThat(r.slotId()).isEqualTo("s-1");
    assertThat(r.amount()).isEqualTo(EUR_50);
  }

  @Test
  @DisplayName("follows a hold from held to booked to cancelled, per slot")
  void holdLifecycle() {
    AuditModel model = new AuditModel();
    model.apply(UUID.randomUUID(), new Fact.SlotHeld("r-1", "s-1", "h-1", T0.plusSeconds(900), EUR_50, T0.plusSeconds(9000), T0));
    assertThat(model.snapshot().holds().get("h-1").status()).isEqualTo(HoldStatus.ACTIVE);
    model.apply(UUID.randomUUID(), new Fact.HoldCommitted("r-1", "s-1", "h-1", "b-1", T0.plusSeconds(60)));
    assertThat(model.snapshot().holdsOfSlot("s-1")).singleElement()
        .satisfies(h -> assertThat(h.liveBooking()).isTrue());
    model.apply(UUID.randomUUID(), new Fact.BookingCancelled("r-1", "s-1", "b-1", T0.plusSeconds(120)));
    assertThat(model.snapshot().holds().get("h-1").status()).isEqualTo(HoldStatus.BOOKING_CANCELLED);
  }

  @Test
  @DisplayName("records dead letters and unreadable messages and goes on")
  void recordsWhatItCannotUse() {
    AuditModel model = new AuditModel();
    model.apply(UUID.randomUUID(), new Fact.Unreadable(null, "payment.events", 1, 5, "unknown type", T0));
    model.apply(UUID.randomUUID(), new Fact.PaymentAuthorized("r-1", "pi_1", EUR_50, T0));

    assertThat(model.snapshot().unreadable()).hasSize(1);
    assertThat(model.snapshot().ledgers().get("r-1").pending()).containsEntry("EUR", 5000L);
  }
}
