package com.bookiji.payment.application;

import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.IdempotencyKeys;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.PaymentStatus;
import com.bookiji.platform.messaging.MessageContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code RefundPayment}: returns captured money, the whole rest or the amount the command names.
 * Each refund request has its own number in the idempotency key. Runs in the command's inbox
 * transaction with the payment rows locked.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class RefundService {

  private static final Logger log = LoggerFactory.getLogger(RefundService.class);

  private final PaymentStore store;
  private final PaymentTransitions transitions;
  private final ChangesAtStripe changesAtStripe;

  public RefundService(PaymentStore store, PaymentTransitions transitions,
      ChangesAtStripe changesAtStripe) {
    this.store = store;
    this.transitions = transitions;
    this.changesAtStripe = changesAtStripe;
  }

  /** @param amountMinor null for the whole rest */
  public void refund(String reservationId, Long amountMinor, MessageContext context) {
    List<Payment> payments = store.lockReservation(reservationId);
    Optional<Payment> captured = payments.stream().filter(Payment::canRefund).findFirst();
    if (captured.isEmpty()) {
      Optional<PaymentEvent.Refunded> repeated = payments.stream()
          .filter(p -> p.status() == PaymentStatus.REFUNDED).findFirst()
          .flatMap(store::lastRefundedFact)
          .filter(last -> amountMinor == null || amountMinor == last.amountMinor());
      if (repeated.isPresent()) {
        // Already fully refunded: the saga re-sends RefundPayment until it hears PaymentRefunded,
        // so answer with the same fact again (same refund id and amount), no second refund.
        log.info("refund {}: already fully refunded, PaymentRefunded re-published", reservationId);
        transitions.publish(List.of(repeated.get()), context);
        return;
      }
      String paymentIntentId = payments.isEmpty() ? null : payments.get(0).paymentIntentId();
      transitions.publish(List.of(new PaymentEvent.RefundFailed(reservationId, paymentIntentId,
          FailureReason.INVALID_REQUEST, "nothing captured to refund")), context);
      return;
    }
    Payment payment = captured.get();
    if (payment.pendingOperation() == PaymentOperation.REFUND) {
      payment = send(payment, store.pendingAmount(payment.id()), context);
    }
    long amount = payment.refundAmount(amountMinor);
    Optional<PaymentEvent.RefundFailed> badAmount = payment.refuseRefundOf(amount);
    if (badAmount.isPresent()) {
      transitions.publish(List.of(badAmount.get()), context);
      return;
    }
    Payment pending = payment.beginRefund(transitions.now());
    store.update(pending);
    store.setPendingAmount(pending.id(), amount);
    send(pending, amount, context);
  }

  /** The sweep's way back to a refund in flight or parked: sent again with the same number. */
  public void resume(Payment payment, MessageContext context) {
    send(payment, store.pendingAmount(payment.id()), context);
  }

  private Payment send(Payment payment, long amountMinor, MessageContext context) {
    int sequence = payment.nextRefundSequence();
    ProviderResult<RefundSnapshot> result = transitions.call(PaymentOperation.REFUND,
        payment.reservationId(), stripe -> stripe.refund(payment.reservationId(),
            payment.paymentIntentId(), amountMinor, sequence,
            IdempotencyKeys.refund(payment.reservationId(), payment.attempt(), sequence)));
    if (result instanceof ProviderResult.Succeeded<RefundSnapshot> s) {
      return refunded(payment, s.value(), context);
    }
    if (result instanceof ProviderResult.Refused<RefundSnapshot> r) {
      return refused(payment, r, context);
    }
    String lastError = ((ProviderResult.Unknown<RefundSnapshot>) result).lastError();
    ProviderResult<Optional<RefundSnapshot>> found = transitions.provider().findRefund(
        payment.reservationId(), payment.paymentIntentId(), sequence);
    if (found instanceof ProviderResult.Succeeded<Optional<RefundSnapshot>> f
        && f.value().isPresent()) {
      return refunded(payment, f.value().get(), context);
    }
    return transitions.apply(payment.park(PaymentOperation.REFUND, lastError, transitions.now()),
        context);
  }

  private Payment refused(Payment payment, ProviderResult.Refused<RefundSnapshot> refusal,
      MessageContext context) {
    // "Already refunded" or "amount too large": refunds made outside the saga (Dashboard) may
    // have returned the money already. Record them; if nothing is left, our refund is done.
    Payment synced = changesAtStripe.syncRefundsFromStripe(payment, context);
    if (synced.pendingOperation() == PaymentOperation.REFUND
        && synced.capturedRemainingMinor() == 0) {
      log.info("refund {}: Stripe refused ({}), refunds outside the saga returned everything",
          payment.reservationId(), refusal.code());
      return transitions.apply(synced.refundSettledOutside(transitions.now()), context);
    }
    if ("charge_disputed".equals(refusal.code())) {
      // The money is with the cardholder's bank until the dispute closes: say so.
      ProviderResult<List<DisputeSnapshot>> disputes =
          transitions.provider().listDisputes(payment.reservationId(), payment.paymentIntentId());
      if (disputes instanceof ProviderResult.Succeeded<List<DisputeSnapshot>> d) {
        changesAtStripe.syncDisputes(synced, d.value(), context);
      }
    }
    return transitions.apply(synced.refundFailed(refusal.reason(), refusal.detail(),
        transitions.now()), context);
  }

  private Payment refunded(Payment payment, RefundSnapshot refund, MessageContext context) {
    if (refund.failed()) {
      return transitions.apply(payment.refundFailed(FailureReason.UNKNOWN, "refund "
          + refund.id() + " " + refund.status(), transitions.now()), context);
    }
    store.recordRefund(payment, refund.sequence(), refund.id(), refund.amountMinor(),
        refund.status(), transitions.now());
    return transitions.apply(payment.refunded(refund.id(), refund.amountMinor(),
        transitions.now()), context);
  }
}
