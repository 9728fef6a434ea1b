package com.bookiji.reconciler.observation.domain;

import com.bookiji.reconciler.ledger.domain.Money;
import java.time.Instant;
import java.util.Map;

/**
 * What a message told the auditor, typed: the fields the checks need and nothing parsed from text.
 * {@code at} is the producer's time. The messaging layer maps each Avro record to one of these.
 */
public sealed interface Fact {

  String reservationId();

  Instant at();

  record ReservationRequested(String reservationId, String slotId, Instant at) implements Fact {}

  record ReservationStateChanged(String reservationId, String state, boolean terminal, Money amount,
      Instant at) implements Fact {}

  record SlotHeld(String reservationId, String slotId, String holdId, Instant expiresAt, Money price,
      Instant slotEndsAt, Instant at) implements Fact {}

  record HoldCommitted(String reservationId, String slotId, String holdId, String bookingId, Instant at)
      implements Fact {}

  /** A hold that ended without a booking: released, expired or never granted. {@code holdId} may be unknown. */
  record HoldEnded(String reservationId, String holdId, String how, Instant at) implements Fact {}

  record BookingCancelled(String reservationId, String slotId, String bookingId, Instant at) implements Fact {}

  record PaymentAuthorized(String reservationId, String paymentIntentId, Money amount, Instant at)
      implements Fact {}

  record PaymentCaptured(String reservationId, String paymentIntentId, String chargeId, Money amount,
      Instant at) implements Fact {}

  record PaymentVoided(String reservationId, String paymentIntentId, Instant at) implements Fact {}

  record PaymentAuthorizationExpired(String reservationId, String paymentIntentId, Instant at) implements Fact {}

  record PaymentRefunded(String reservationId, String paymentIntentId, String refundId, Money amount,
      Instant at) implements Fact {}

  /** A chargeback opened or changed status at Stripe (payment-service's PaymentDisputed). */
  record PaymentDisputed(String reservationId, String paymentIntentId, String disputeId, Money amount, String status,
      Instant at) implements Fact {}

  /** A message on a dead-letter topic, with the failure headers the platform added. */
  record DeadLettered(String reservationId, String topic, int partition, long offset,
      Map<String, String> failure, Instant at) implements Fact {}

  /** A command, or an event the checks do not need: seen, counted, nothing else. */
  record Noted(String reservationId, String eventType, Instant at) implements Fact {}

  /** A message the auditor could not read; recorded so it is not lost, the rest continues. */
  record Unreadable(String reservationId, String topic, int partition, long offset, String problem,
      Instant at) implements Fact {}
}
