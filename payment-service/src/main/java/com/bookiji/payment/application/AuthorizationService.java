package com.bookiji.payment.application;

import com.bookiji.payment.domain.IdempotencyKeys;
import com.bookiji.payment.domain.IntentSnapshot;
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
 * {@code AuthorizePayment}: creates the attempt's PaymentIntent (manual capture) at Stripe. Runs in
 * the command's inbox transaction with the payment row locked; the Stripe call is made inside it, so
 * a crash before the commit redelivers the command and the same idempotency key replays Stripe's
 * first answer.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class AuthorizationService {

  private static final Logger log = LoggerFactory.getLogger(AuthorizationService.class);

  private final PaymentStore store;
  private final PaymentTransitions transitions;

  public AuthorizationService(PaymentStore store, PaymentTransitions transitions) {
    this.store = store;
    this.transitions = transitions;
  }

  public void authorize(String reservationId, int attempt, String requesterId, long amountMinor,
      String currency, MessageContext context) {
    Optional<PaymentEvent.AuthorizationFailed> refused =
        Payment.refuseAuthorizationOf(reservationId, amountMinor);
    if (refused.isPresent()) {
      // Answering at once frees the saga now instead of after its payment wait; no row or intent.
      transitions.publish(List.of(refused.get()), context);
      return;
    }
    Optional<Payment> inserted = store.insertIfAbsent(Payment.start(reservationId, attempt,
        requesterId, amountMinor, currency, transitions.now()));
    inserted.ifPresent(p -> store.rememberTrace(p.id(), context.traceparent()));
    Payment payment = inserted.isPresent() ? inserted.get()
        : store.lockAttempt(reservationId, attempt).orElseThrow();
    if (inserted.isEmpty() && payment.pendingOperation() != PaymentOperation.AUTHORIZE) {
      // Another command for an attempt that already has its intent: every fact is published once
      // per payment, so there is nothing new to say.
      log.info("authorize {}/{} ignored: payment is {}", reservationId, attempt,
          payment.status());
      return;
    }
    resume(payment, context);
  }

  /** Creates the intent, or finds the one a lost request created. Also the sweep's way back. */
  public void resume(Payment payment, MessageContext context) {
    if (payment.status() == PaymentStatus.PARKED) {
      // Before creating again, look for what an earlier lost request may have created.
      Optional<IntentSnapshot> found = findAuthorization(payment);
      if (found.isPresent()) {
        transitions.observe(payment, found.get(), context);
        return;
      }
    }
    ProviderResult<IntentSnapshot> result = transitions.call(PaymentOperation.AUTHORIZE,
        payment.reservationId(), stripe -> stripe.createAuthorization(payment.reservationId(),
            payment.attempt(), payment.amountMinor(), payment.currency(),
            IdempotencyKeys.authorize(payment.reservationId(), payment.attempt())));
    if (result instanceof ProviderResult.Succeeded<IntentSnapshot> s) {
      transitions.observe(payment, s.value(), context);
    } else if (result instanceof ProviderResult.Refused<IntentSnapshot> r) {
      transitions.apply(payment.authorizationFailed(r.reason(), r.detail(), transitions.now()),
          context);
    } else if (result instanceof ProviderResult.Unknown<IntentSnapshot> u) {
      // Lost response: ask Stripe what exists instead of guessing.
      Optional<IntentSnapshot> found = findAuthorization(payment);
      if (found.isPresent()) {
        transitions.observe(payment, found.get(), context);
      } else {
        transitions.apply(payment.park(PaymentOperation.AUTHORIZE, u.lastError(),
            transitions.now()), context);
      }
    }
  }

  private Optional<IntentSnapshot> findAuthorization(Payment payment) {
    ProviderResult<Optional<IntentSnapshot>> found =
        transitions.provider().findAuthorization(payment.reservationId(), payment.attempt());
    return found instanceof ProviderResult.Succeeded<Optional<IntentSnapshot>> s
        ? s.value() : Optional.empty();
  }
}
