package com.bookiji.payment.application;

import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.IntentStatus;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.Transition;
import com.bookiji.platform.messaging.MessageContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * What every use case shares: Stripe (the provider, and the observer of each operation's call),
 * the outbox publisher and the clock; what it does with a decided transition (store it, record a
 * capture, publish its facts, all in the caller's transaction) and with Stripe's truth about an
 * intent (retrieve it and converge the payment to it). Always called by a use case, inside its
 * transaction.
 */
@Component
public class PaymentTransitions {

  private final PaymentStore store;
  private final PaymentProvider provider;
  private final PaymentEventPublisher publisher;
  private final ProviderCallObserver observer;
  private final Clock clock;

  public PaymentTransitions(PaymentStore store, PaymentProvider provider,
      PaymentEventPublisher publisher, Optional<ProviderCallObserver> observer, Clock clock) {
    this.store = store;
    this.provider = provider;
    this.publisher = publisher;
    this.observer = observer.orElse(ProviderCallObserver.NONE);
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** Stripe, for looking things up; an operation that changes money goes through {@link #call}. */
  PaymentProvider provider() {
    return provider;
  }

  /**
   * Sends the operation's request to Stripe; the observer hears of it after Stripe answered and
   * before the caller's transaction commits (the crash window idempotency keys close).
   */
  <T> ProviderResult<T> call(PaymentOperation operation, String reservationId,
      Function<PaymentProvider, ProviderResult<T>> request) {
    ProviderResult<T> result = request.apply(provider);
    observer.afterProviderCall(operation, reservationId);
    return result;
  }

  /** Publishes facts that change no state (an answer to a repeated or refused command). */
  void publish(List<PaymentEvent> facts, MessageContext context) {
    publisher.publish(facts, context);
  }

  /** Stores the next state and publishes its facts; a PaymentCaptured also records the capture. */
  public Payment apply(Transition transition, MessageContext context) {
    Payment next = transition.payment();
    store.update(next);
    for (PaymentEvent event : transition.events()) {
      if (event instanceof PaymentEvent.Captured captured) {
        // Fails the transaction if the reservation already has a capture recorded.
        store.recordCapture(next, captured.chargeId(), clock.instant());
      }
    }
    publisher.publish(transition.events(), context);
    return next;
  }

  /**
   * The context for what is learnt about a payment outside a command (a webhook, the sweep): the
   * reservation's trace goes on when the payment remembers it.
   */
  public MessageContext contextOf(Payment payment) {
    return store.trace(payment.id())
        .map(t -> new MessageContext(payment.reservationId(), null, t).resumed())
        .orElseGet(() -> MessageContext.root(payment.reservationId()));
  }

  /** Applies what Stripe says about an intent (from a webhook, after retrieving it). */
  public Payment observe(Payment payment, IntentSnapshot intent, MessageContext context) {
    return apply(payment.observe(intent, clock.instant()), context);
  }

  /** Re-reads the intent from Stripe and converges the payment to it. */
  public Payment refresh(Payment payment, MessageContext context) {
    return retrieve(payment).map(t -> observe(payment, t, context)).orElse(payment);
  }

  /** The intent as Stripe has it now; empty without an intent or when Stripe did not answer. */
  Optional<IntentSnapshot> retrieve(Payment payment) {
    if (payment.paymentIntentId() == null) {
      return Optional.empty();
    }
    ProviderResult<IntentSnapshot> result =
        provider.retrieve(payment.reservationId(), payment.paymentIntentId());
    return result instanceof ProviderResult.Succeeded<IntentSnapshot> s
        ? Optional.of(s.value()) : Optional.empty();
  }

  /**
   * A capture or void whose outcome is unknown (or refused in an unexpected state): a settled
   * intent at Stripe (succeeded, canceled) is the answer; anything else parks the payment.
   */
  void resolveOrPark(Payment payment, PaymentOperation operation, String error,
      MessageContext context) {
    Optional<IntentSnapshot> truth = retrieve(payment);
    if (truth.isPresent()) {
      IntentStatus status = truth.get().status();
      if (status == IntentStatus.SUCCEEDED || status == IntentStatus.CANCELED) {
        observe(payment, truth.get(), context);
        return;
      }
    }
    apply(payment.park(operation, error, clock.instant()), context);
  }

  /** PaymentCaptured as first published (from the recorded capture, which holds the charge id). */
  PaymentEvent.Captured capturedFact(Payment payment) {
    return payment.capturedFact(store.capturedFact(payment.reservationId()));
  }
}
