package com.bookiji.payment.application;

import com.bookiji.payment.domain.IdempotencyKeys;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.platform.messaging.MessageContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code VoidPayment}: voids every authorization the reservation may still hold, or, when none is
 * left, says again what became of each attempt. Runs in the command's inbox transaction with the
 * payment rows locked.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class VoidService {

  private static final Logger log = LoggerFactory.getLogger(VoidService.class);

  private final PaymentStore store;
  private final PaymentTransitions transitions;

  public VoidService(PaymentStore store, PaymentTransitions transitions) {
    this.store = store;
    this.transitions = transitions;
  }

  public void voidAuthorization(String reservationId, MessageContext context) {
    List<Payment> payments = store.lockReservation(reservationId);
    if (payments.isEmpty()) {
      transitions.publish(List.of(new PaymentEvent.Voided(reservationId, null)), context);
      return;
    }
    boolean acted = false;
    for (Payment payment : payments) {
      if (payment.canVoid()) {
        acted = true;
        Payment pending = payment.beginVoid(transitions.now());
        store.update(pending);
        resume(pending, context);
      }
    }
    if (!acted) {
      // Nothing left to void. The saga waits in COMPENSATING for an acknowledgement it may have
      // missed (or it asks under a new command after the outcome was decided), so say again what
      // became of each attempt, exactly as first published, without calling Stripe.
      List<PaymentEvent> facts = new ArrayList<>();
      for (int i = payments.size() - 1; i >= 0; i--) { // oldest attempt first, newest last
        Payment p = payments.get(i);
        facts.addAll(p.decidedFacts(store.capturedFact(p.reservationId()),
            store.lastRefundedFact(p)));
      }
      if (facts.isEmpty()) {
        // Only a capture still in flight (resumed by the sweep); its outcome will be published.
        log.info("void {}: nothing to void and no outcome decided yet", reservationId);
      } else {
        log.info("void {}: nothing left to void, re-published {}", reservationId,
            facts.stream().map(f -> f.getClass().getSimpleName()).toList());
        transitions.publish(facts, context);
      }
    }
  }

  /** Voids the attempt's authorization (its intent found first if a lost create may have made one). Also the sweep's way back. */
  public void resume(Payment payment, MessageContext context) {
    if (payment.paymentIntentId() == null) {
      ProviderResult<Optional<IntentSnapshot>> found =
          transitions.provider().findAuthorization(payment.reservationId(), payment.attempt());
      if (!(found instanceof ProviderResult.Succeeded<Optional<IntentSnapshot>> s)) {
        transitions.apply(payment.park(PaymentOperation.VOID, "cannot look up the intent",
            transitions.now()), context);
        return;
      }
      if (s.value().isEmpty()) {
        transitions.apply(payment.voidedWithoutIntent(transitions.now()), context);
        return;
      }
      payment = payment.withIntent(s.value().get().id(), s.value().get().clientSecret());
      store.update(payment);
    }
    Payment voiding = payment;
    ProviderResult<IntentSnapshot> result = transitions.call(PaymentOperation.VOID,
        voiding.reservationId(), stripe -> stripe.voidAuthorization(voiding.reservationId(),
            voiding.paymentIntentId(),
            IdempotencyKeys.voidAuthorization(voiding.reservationId(), voiding.attempt())));
    if (result instanceof ProviderResult.Succeeded<IntentSnapshot> s) {
      transitions.observe(voiding, s.value(), context);
    } else if (result instanceof ProviderResult.Refused<IntentSnapshot> r) {
      transitions.resolveOrPark(voiding, PaymentOperation.VOID, r.detail(), context);
    } else if (result instanceof ProviderResult.Unknown<IntentSnapshot> u) {
      transitions.resolveOrPark(voiding, PaymentOperation.VOID, u.lastError(), context);
    }
  }
}
