package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.AuditModel;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Builds a model the way the topics would: one fact at a time, times relative to T0. */
final class ModelFixture {

  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Money EUR_50 = new Money(5000, "EUR");
  private static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "EXPIRED", "FAILED_PAYMENT",
      "FAILED_VENDOR_DECLINED", "FAILED_AVAILABILITY_CHANGED", "FAILED_COMMIT", "CANCELLED");

  private final AuditModel model = new AuditModel();

  static ModelFixture given() {
    return new ModelFixture();
  }

  static Instant at(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  ModelFixture fact(Fact fact) {
    model.apply(UUID.randomUUID(), fact);
    return this;
  }

  ModelFixture state(String reservation, String state, Duration at) {
    return fact(new Fact.ReservationStateChanged(reservation, state, TERMINAL.contains(state), EUR_50, at(at)));
  }

  ModelFixture held(String reservation, String slot, String hold, Duration expiresAt) {
    return fact(new Fact.SlotHeld(reservation, slot, hold, at(expiresAt), EUR_50, at(Duration.ofDays(1)), T0));
  }

  ModelFixture committed(String reservation, String slot, String hold, String booking, Duration at) {
    return fact(new Fact.HoldCommitted(reservation, slot, hold, booking, at(at)));
  }

  ModelFixture holdEnded(String reservation, String hold, Duration at) {
    return fact(new Fact.HoldEnded(reservation, hold, "HoldReleased", at(at)));
  }

  ModelFixture bookingCancelled(String reservation, String slot, String booking, Duration at) {
    return fact(new Fact.BookingCancelled(reservation, slot, booking, at(at)));
  }

  ModelFixture authorized(String reservation, String pi, Duration at) {
    return fact(new Fact.PaymentAuthorized(reservation, pi, EUR_50, at(at)));
  }

  ModelFixture captured(String reservation, String pi, String charge, Duration at) {
    return fact(new Fact.PaymentCaptured(reservation, pi, charge, EUR_50, at(at)));
  }

  ModelFixture voided(String reservation, String pi, Duration at) {
    return fact(new Fact.PaymentVoided(reservation, pi, at(at)));
  }

  ModelFixture refunded(String reservation, String pi, String refund, long amountMinor, Duration at) {
    return fact(new Fact.PaymentRefunded(reservation, pi, refund, new Money(amountMinor, "EUR"), at(at)));
  }

  ModelFixture deadLettered(String topic, long offset) {
    return fact(new Fact.DeadLettered("r-dlt", topic, 0, offset, Map.of("dlt.stage", "HANDLER"), T0));
  }

  ModelFixture unreadable(String topic, long offset) {
    return fact(new Fact.Unreadable(null, topic, 0, offset, "no such record type", T0));
  }

  ModelSnapshot snapshot() {
    return model.snapshot();
  }

  @Override
  public String toString() {
    return "model";
  }
}
