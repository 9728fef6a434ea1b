package com.bookiji.payment.application;

import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The payment tables in memory, for fast tests of the use cases on one thread. It keeps the
 * promises the use cases rely on (one payment per reservation and attempt, at most one capture per
 * reservation, a refund id recorded once); locks are no-ops, since nothing runs concurrently.
 */
final class InMemoryPaymentStore implements PaymentStore {

  record RefundRow(long paymentId, Integer sequence, String refundId, long amountMinor,
      String source) {}

  final Map<Long, Payment> payments = new LinkedHashMap<>();
  final Map<String, PaymentEvent.Captured> captures = new HashMap<>();
  final List<RefundRow> refunds = new ArrayList<>();
  final Map<String, String> disputeStatuses = new HashMap<>();
  private final Map<Long, String> traces = new HashMap<>();
  private final Map<Long, Long> pendingAmounts = new HashMap<>();
  private final Map<Long, Instant> lastChecked = new HashMap<>();
  private long nextId = 1;

  /** The reservation's only payment (attempt 1 unless the test made more). */
  Payment payment(String reservationId) {
    return payments.values().stream().filter(p -> p.reservationId().equals(reservationId))
        .max(Comparator.comparingInt(Payment::attempt)).orElseThrow();
  }

  @Override
  public Optional<Payment> insertIfAbsent(Payment payment) {
    if (findAttempt(payment.reservationId(), payment.attempt()).isPresent()) {
      return Optional.empty();
    }
    Payment stored = payment.withId(nextId++);
    payments.put(stored.id(), stored);
    return Optional.of(stored);
  }

  @Override
  public void rememberTrace(long paymentId, String traceparent) {
    traces.put(paymentId, traceparent);
  }

  @Override
  public Optional<String> trace(long paymentId) {
    return Optional.ofNullable(traces.get(paymentId));
  }

  @Override
  public Optional<Payment> lockAttempt(String reservationId, int attempt) {
    return findAttempt(reservationId, attempt);
  }

  @Override
  public List<Payment> lockReservation(String reservationId) {
    return payments.values().stream().filter(p -> p.reservationId().equals(reservationId))
        .sorted(Comparator.comparingInt(Payment::attempt).reversed()).toList();
  }

  @Override
  public Optional<Payment> findByIntent(String paymentIntentId) {
    return payments.values().stream()
        .filter(p -> paymentIntentId.equals(p.paymentIntentId())).findFirst();
  }

  @Override
  public Optional<Payment> findAttempt(String reservationId, int attempt) {
    return payments.values().stream()
        .filter(p -> p.reservationId().equals(reservationId) && p.attempt() == attempt)
        .findFirst();
  }

  @Override
  public Optional<Payment> lockByIdWaiting(long id, Duration wait) {
    return Optional.ofNullable(payments.get(id));
  }

  @Override
  public Optional<Payment> lockById(long id) {
    return Optional.ofNullable(payments.get(id));
  }

  @Override
  public List<Long> idsToSweep(Collection<PaymentStatus> statuses, Instant before, int limit) {
    return payments.values().stream()
        .filter(p -> statuses.contains(p.status()) && p.updatedAt().isBefore(before))
        .filter(p -> !lastChecked.containsKey(p.id()) || lastChecked.get(p.id()).isBefore(before))
        .sorted(Comparator.comparing((Payment p) -> lastChecked.getOrDefault(p.id(), Instant.MIN))
            .thenComparing(Payment::id))
        .limit(limit).map(Payment::id).toList();
  }

  @Override
  public void markChecked(long paymentId, Instant at) {
    lastChecked.put(paymentId, at);
  }

  @Override
  public long countInStatusSince(Collection<PaymentStatus> statuses, Instant before) {
    return payments.values().stream().filter(p -> statuses.contains(p.status()))
        .filter(p -> (p.authorizedAt() != null ? p.authorizedAt() : p.createdAt()).isBefore(before))
        .count();
  }

  @Override
  public long countInStatus(PaymentStatus status) {
    return payments.values().stream().filter(p -> p.status() == status).count();
  }

  @Override
  public void update(Payment payment) {
    if (!payments.containsKey(payment.id())) {
      throw new IllegalStateException("payment " + payment.id() + " not found");
    }
    payments.put(payment.id(), payment);
  }

  @Override
  public void setPendingAmount(long paymentId, long amountMinor) {
    pendingAmounts.put(paymentId, amountMinor);
  }

  @Override
  public long pendingAmount(long paymentId) {
    return pendingAmounts.getOrDefault(paymentId, 0L);
  }

  @Override
  public void recordCapture(Payment payment, String chargeId, Instant at) {
    PaymentEvent.Captured capture = new PaymentEvent.Captured(payment.reservationId(),
        payment.paymentIntentId(), payment.amountCapturedMinor(), payment.currency(), chargeId);
    if (captures.putIfAbsent(payment.reservationId(), capture) != null) {
      throw new IllegalStateException("second capture of " + payment.reservationId());
    }
  }

  @Override
  public Optional<PaymentEvent.Captured> capturedFact(String reservationId) {
    return Optional.ofNullable(captures.get(reservationId));
  }

  @Override
  public Optional<PaymentEvent.Refunded> lastRefundedFact(Payment payment) {
    return refundsOf(payment.id()).reduce((first, second) -> second)
        .map(r -> new PaymentEvent.Refunded(payment.reservationId(), payment.paymentIntentId(),
            r.refundId(), r.amountMinor(), payment.currency(), payment.capturedRemainingMinor()));
  }

  @Override
  public Set<String> knownRefundIds(long paymentId) {
    return refundsOf(paymentId).map(RefundRow::refundId).collect(Collectors.toSet());
  }

  @Override
  public boolean recordDispute(Payment payment, String disputeId, String chargeId,
      long amountMinor, String currency, String status, String reason, Instant at) {
    return !status.equals(disputeStatuses.put(disputeId, status));
  }

  @Override
  public void recordOutsideRefund(Payment payment, String refundId, long amountMinor,
      String status, Instant at) {
    if (refunds.stream().noneMatch(r -> r.refundId().equals(refundId))) {
      refunds.add(new RefundRow(payment.id(), null, refundId, amountMinor, "OUTSIDE"));
    }
  }

  @Override
  public void recordRefund(Payment payment, int sequence, String refundId, long amountMinor,
      String status, Instant at) {
    refunds.add(new RefundRow(payment.id(), sequence, refundId, amountMinor, "SAGA"));
  }

  private java.util.stream.Stream<RefundRow> refundsOf(long paymentId) {
    return refunds.stream().filter(r -> r.paymentId() == paymentId);
  }
}
