package com.bookiji.payment.application;

import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where payments, their captures, refunds and disputes live. Every method joins the caller's
 * transaction; the {@code lock…} methods hold the payment rows until it ends, so a command, a
 * webhook and the sweep never work on one payment at once.
 */
public interface PaymentStore {

  /** Inserts a new attempt, or returns empty when this (reservation, attempt) already exists. */
  Optional<Payment> insertIfAbsent(Payment payment);

  /** Remembers the trace context the payment's command came in (the reservation's trace). */
  void rememberTrace(long paymentId, String traceparent);

  /** The trace context the payment's command came in, if it was remembered. */
  Optional<String> trace(long paymentId);

  Optional<Payment> lockAttempt(String reservationId, int attempt);

  /** All attempts of a reservation, newest first, locked. */
  List<Payment> lockReservation(String reservationId);

  Optional<Payment> findByIntent(String paymentIntentId);

  Optional<Payment> findAttempt(String reservationId, int attempt);

  /**
   * Locks the payment, waiting at most {@code wait} for a command that holds it (possibly across
   * a Stripe call); then gives up with Spring's {@code PessimisticLockingFailureException}.
   */
  Optional<Payment> lockByIdWaiting(long id, Duration wait);

  /** Locks the payment unless another transaction holds it (then empty). */
  Optional<Payment> lockById(long id);

  /**
   * Candidates for the sweep: in one of {@code statuses}, untouched since {@code before} and not
   * checked since then either; the least recently checked first (never checked before anything),
   * so every candidate gets its turn within ceil(candidates / limit) sweeps.
   */
  List<Long> idsToSweep(Collection<PaymentStatus> statuses, Instant before, int limit);

  /** Notes that the sweep looked at the payment, whatever came of it (outside any transaction). */
  void markChecked(long paymentId, Instant at);

  /** Payments in one of {@code statuses} authorized (or else created) before {@code before}. */
  long countInStatusSince(Collection<PaymentStatus> statuses, Instant before);

  long countInStatus(PaymentStatus status);

  /** Writes the payment's new state; fails when the payment does not exist. */
  void update(Payment payment);

  /** The amount of the capture or refund in flight, kept to resume it with the same amount. */
  void setPendingAmount(long paymentId, long amountMinor);

  /** The amount of the capture or refund in flight; 0 when none was kept. */
  long pendingAmount(long paymentId);

  /**
   * Records the reservation's capture. A reservation has at most one: a second one fails the
   * whole transaction.
   */
  void recordCapture(Payment payment, String chargeId, Instant at);

  /** The reservation's capture as PaymentCaptured first said it, to say it again identically. */
  Optional<PaymentEvent.Captured> capturedFact(String reservationId);

  /** The payment's latest recorded refund as PaymentRefunded first said it. */
  Optional<PaymentEvent.Refunded> lastRefundedFact(Payment payment);

  /** Stripe refund ids already recorded for the payment (ours and those made outside the saga). */
  Set<String> knownRefundIds(long paymentId);

  /**
   * Records the dispute's current status.
   *
   * @return true when it is new or its status changed (a fact to publish)
   */
  boolean recordDispute(Payment payment, String disputeId, String chargeId, long amountMinor,
      String currency, String status, String reason, Instant at);

  /** A refund made at Stripe outside the saga: no refund number of ours; recorded at most once. */
  void recordOutsideRefund(Payment payment, String refundId, long amountMinor, String status,
      Instant at);

  /** One of our refunds, under its refund number. */
  void recordRefund(Payment payment, int sequence, String refundId, long amountMinor,
      String status, Instant at);
}
