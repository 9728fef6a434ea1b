package com.bookiji.payment.application;

import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.platform.messaging.MessageContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Money moved at Stripe outside the saga: refunds made from the Dashboard (or the API) and
 * disputes. Learnt from webhooks, from the sweep's catch-up, and when Stripe refuses our refund;
 * always inside the caller's transaction with the payment row locked.
 */
@Component
public class ChangesAtStripe {

  private static final Logger log = LoggerFactory.getLogger(ChangesAtStripe.class);

  private final PaymentStore store;
  private final PaymentTransitions transitions;

  public ChangesAtStripe(PaymentStore store, PaymentTransitions transitions) {
    this.store = store;
    this.transitions = transitions;
  }

  /**
   * Records each dispute whose status is new to us and publishes it once as PaymentDisputed. The
   * payment's own state does not change: a dispute is between the cardholder's bank and Stripe,
   * and finance follows it (the reconciler records the fact).
   */
  public void syncDisputes(Payment payment, List<DisputeSnapshot> atStripe,
      MessageContext context) {
    List<PaymentEvent> facts = new ArrayList<>();
    for (DisputeSnapshot d : atStripe) {
      String currency = d.currency() == null ? payment.currency() : d.currency();
      if (store.recordDispute(payment, d.id(), d.chargeId(), d.amountMinor(), currency,
          d.status(), d.reason(), transitions.now())) {
        log.info("dispute {} of {}: {} ({} {})", d.id(), payment.reservationId(), d.status(),
            d.amountMinor(), currency);
        facts.add(new PaymentEvent.Disputed(payment.reservationId(), payment.paymentIntentId(),
            d.id(), d.chargeId(), d.amountMinor(), currency, d.status(), d.reason()));
      }
    }
    transitions.publish(facts, context);
  }

  /** Lists the intent's refunds at Stripe and records those made outside the saga. */
  Payment syncRefundsFromStripe(Payment payment, MessageContext context) {
    ProviderResult<List<RefundSnapshot>> listed =
        transitions.provider().listRefunds(payment.reservationId(), payment.paymentIntentId());
    return listed instanceof ProviderResult.Succeeded<List<RefundSnapshot>> s
        ? syncRefunds(payment, s.value(), context) : payment;
  }

  /**
   * Records the succeeded refunds Stripe lists for the intent that were made outside the saga and
   * are not recorded yet, each publishing PaymentRefunded. Our own refunds (they carry our refund
   * number) are recorded by the refund path, which resolves a lost answer with the same key.
   */
  public Payment syncRefunds(Payment payment, List<RefundSnapshot> atStripe,
      MessageContext context) {
    if (!payment.status().isCaptured() && payment.pendingOperation() != PaymentOperation.REFUND) {
      return payment;
    }
    Set<String> known = store.knownRefundIds(payment.id());
    Payment current = payment;
    List<RefundSnapshot> oldestFirst = new ArrayList<>(atStripe);
    Collections.reverse(oldestFirst); // Stripe lists newest first
    for (RefundSnapshot refund : oldestFirst) {
      if (refund.madeOutsideTheSaga() && refund.succeeded() && !known.contains(refund.id())
          && current.capturedRemainingMinor() > 0) {
        log.info("refund {} of {} made outside the saga: {} {}", refund.id(),
            current.reservationId(), refund.amountMinor(), current.currency());
        store.recordOutsideRefund(current, refund.id(), refund.amountMinor(), refund.status(),
            transitions.now());
        current = transitions.apply(current.refundedOutside(refund.id(), refund.amountMinor(),
            transitions.now()), context);
      }
    }
    return current;
  }
}
