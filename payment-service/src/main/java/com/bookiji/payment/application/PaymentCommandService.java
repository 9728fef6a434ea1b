package com.bookiji.payment.application;

import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.IdempotencyKeys;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.IntentStatus;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.PaymentStatus;
import com.bookiji.payment.domain.Transition;
import com.bookiji.platform.messaging.MessageContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payment use cases. Each runs in the caller's transaction (the inbox transaction of the command,
 * the webhook's, or the sweep's) with the payment row locked, so commands, webhooks and the sweep
 * of one payment never interleave.
 *
 * <p>The Stripe call is made inside that transaction. If the process dies after Stripe applied a
 * request but before the commit, nothing local is recorded, the command is redelivered, the same
 * deterministic idempotency key is sent, Stripe replays its first answer, and the effect is recorded
 * exactly once.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class PaymentCommandService {

  private static final Logger log = LoggerFactory.getLogger(PaymentCommandService.class);

  private final PaymentStore store;
  private final PaymentProvider provider;
  private final PaymentEventPublisher publisher;
  private final ProviderCallObserver observer;
  private final Clock clock;

  public PaymentCommandService(PaymentStore store, PaymentProvider provider,
      PaymentEventPublisher publisher, Optional<ProviderCallObserver> observer, Clock clock) {
    this.store = store;
    this.provider = provider;
    this.publisher = publisher;
    this.observer = observer.orElse(ProviderCallObserver.NONE);
    this.clock = clock;
  }

  // ---- authorize -------------------------------------------------------------------------------

  public void authorize(String reservationId, int attempt, String requesterId, long amountMinor,
      String currency, MessageContext context) {
    Optional<PaymentEvent.AuthorizationFailed> refused =
        Payment.refuseAuthorizationOf(reservationId, amountMinor);
    if (refused.isPresent()) {
      // Answering at once frees the saga now instead of after its payment wait; no row or intent.
      publisher.publish(List.of(refused.get()), context);
      return;
    }
    Optional<Payment> inserted = store.insertIfAbsent(
        Payment.start(reservationId, attempt, requesterId, amountMinor, currency, clock.instant()));
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
    resumeAuthorize(payment, context);
  }

  /**
   * The context for what is learnt about a payment outside a command (a webhook, the sweep): the
   * reservation's trace goes on when the payment remembers it.
   */
  public MessageContext contextOf(Payment payment) {
    return store.trace(payment.id()).map(t -> new MessageContext(payment.reservationId(), null, t).resumed())
        .orElseGet(() -> MessageContext.root(payment.reservationId()));
  }

  private void resumeAuthorize(Payment payment, MessageContext context) {
    if (payment.status() == PaymentStatus.PARKED) {
      // Before creating again, look for what an earlier lost request may have created.
      ProviderResult<Optional<IntentSnapshot>> found =
          provider.findAuthorization(payment.reservationId(), payment.attempt());
      if (found instanceof ProviderResult.Succeeded<Optional<IntentSnapshot>> s
          && s.value().isPresent()) {
        apply(payment.observe(s.value().get(), clock.instant()), context);
        return;
      }
    }
    ProviderResult<IntentSnapshot> result = provider.createAuthorization(payment.reservationId(),
        payment.attempt(), payment.amountMinor(), payment.currency(),
        IdempotencyKeys.authorize(payment.reservationId(), payment.attempt()));
    observer.afterProviderCall(PaymentOperation.AUTHORIZE, payment.reservationId());
    if (result instanceof ProviderResult.Succeeded<IntentSnapshot> s) {
      apply(payment.observe(s.value(), clock.instant()), context);
    } else if (result instanceof ProviderResult.Refused<IntentSnapshot> r) {
      apply(payment.authorizationFailed(r.reason(), r.detail(), clock.instant()), context);
    } else if (result instanceof ProviderResult.Unknown<IntentSnapshot> u) {
      // Lost response: ask Stripe what exists instead of guessing.
      ProviderResult<Optional<IntentSnapshot>> found =
          provider.findAuthorization(payment.reservationId(), payment.attempt());
      if (found instanceof ProviderResult.Succeeded<Optional<IntentSnapshot>> f
          && f.value().isPresent()) {
        apply(payment.observe(f.value().get(), clock.instant()), context);
      } else {
        apply(payment.park(PaymentOperation.AUTHORIZE, u.lastError(), clock.instant()),
            context);
      }
    }
  }

  // ---- capture ---------------------------------------------------------------------------------

  public void capture(String reservationId, long amountMinor, MessageContext context) {
    List<Payment> payments = store.lockReservation(reservationId);
    Optional<Payment> alreadyCaptured = payments.stream()
        .filter(p -> p.status().isCaptured()).findFirst();
    if (alreadyCaptured.isPresent()) {
      // Never a second capture. The saga re-sends CapturePayment until it hears PaymentCaptured, so
      // a capture command after the capture is answered with the same fact again (same intent,
      // amount and charge), without calling Stripe.
      log.info("capture {}: already captured, PaymentCaptured re-published", reservationId);
      publisher.publish(List.of(capturedFact(alreadyCaptured.get())), context);
      return;
    }
    if (payments.isEmpty()) {
      publisher.publish(List.of(new PaymentEvent.CaptureFailed(reservationId, null,
          FailureReason.INVALID_REQUEST, "no payment for this reservation")), context);
      return;
    }
    Payment payment = payments.get(0);
    if (!payment.canCapture() && payment.paymentIntentId() != null) {
      // A webhook may not have told us yet that the card was authorized.
      payment = refresh(payment, context);
      if (payment.status().isCaptured()) {
        return;
      }
    }
    if (!payment.canCapture()) {
      publisher.publish(List.of(new PaymentEvent.CaptureFailed(reservationId,
          payment.paymentIntentId(), FailureReason.INVALID_REQUEST,
          "payment is " + payment.status())), context);
      return;
    }
    Optional<PaymentEvent.CaptureFailed> badAmount = payment.refuseCaptureOf(amountMinor);
    if (badAmount.isPresent()) {
      publisher.publish(List.of(badAmount.get()), context);
      return;
    }
    Payment pending = payment.beginCapture(clock.instant());
    store.update(pending);
    store.setPendingAmount(pending.id(), amountMinor);
    resumeCapture(pending, amountMinor, context);
  }

  private void resumeCapture(Payment payment, long amountMinor, MessageContext context) {
    ProviderResult<IntentSnapshot> result = provider.capture(payment.reservationId(),
        payment.paymentIntentId(), amountMinor,
        IdempotencyKeys.capture(payment.reservationId(), payment.attempt()));
    observer.afterProviderCall(PaymentOperation.CAPTURE, payment.reservationId());
    if (result instanceof ProviderResult.Succeeded<IntentSnapshot> s) {
      apply(payment.observe(s.value(), clock.instant()), context);
    } else if (result instanceof ProviderResult.Refused<IntentSnapshot> r) {
      Optional<IntentSnapshot> truth = retrieve(payment);
      Transition observed = truth.map(t -> payment.observe(t, clock.instant())).orElse(null);
      if (observed != null && observed.payment().status() != payment.status()) {
        apply(observed, context); // e.g. expired meanwhile, or captured by an earlier try
      } else {
        apply(payment.captureFailed(r.reason(), r.detail(), clock.instant()), context);
      }
    } else if (result instanceof ProviderResult.Unknown<IntentSnapshot> u) {
      resolveOrPark(payment, PaymentOperation.CAPTURE, u.lastError(), context);
    }
  }

  // ---- void ------------------------------------------------------------------------------------

  public void voidAuthorization(String reservationId, MessageContext context) {
    List<Payment> payments = store.lockReservation(reservationId);
    if (payments.isEmpty()) {
      publisher.publish(List.of(new PaymentEvent.Voided(reservationId, null)), context);
      return;
    }
    boolean acted = false;
    for (Payment payment : payments) {
      if (payment.canVoid()) {
        acted = true;
        Payment pending = payment.beginVoid(clock.instant());
        store.update(pending);
        resumeVoid(pending, context);
      }
    }
    if (!acted) {
      // Nothing left to cancel. The saga waits in COMPENSATING for an acknowledgement it may have
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
        log.info("void {}: nothing to cancel and no outcome decided yet", reservationId);
      } else {
        log.info("void {}: nothing left to cancel, re-published {}", reservationId,
            facts.stream().map(f -> f.getClass().getSimpleName()).toList());
        publisher.publish(facts, context);
      }
    }
  }

  /** PaymentCaptured as first published (from the captures row, which holds the charge id). */
  private PaymentEvent.Captured capturedFact(Payment p) {
    return p.capturedFact(store.capturedFact(p.reservationId()));
  }

  private void resumeVoid(Payment payment, MessageContext context) {
    if (payment.paymentIntentId() == null) {
      ProviderResult<Optional<IntentSnapshot>> found =
          provider.findAuthorization(payment.reservationId(), payment.attempt());
      if (found instanceof ProviderResult.Succeeded<Optional<IntentSnapshot>> s) {
        if (s.value().isEmpty()) {
          apply(payment.voidedWithoutIntent(clock.instant()), context);
          return;
        }
        payment = payment.withIntent(s.value().get().id(), s.value().get().clientSecret());
        store.update(payment);
      } else {
        apply(payment.park(PaymentOperation.VOID, "cannot look up the intent", clock.instant()),
            context);
        return;
      }
    }
    Payment voiding = payment;
    ProviderResult<IntentSnapshot> result = provider.cancel(voiding.reservationId(),
        voiding.paymentIntentId(),
        IdempotencyKeys.voidAuthorization(voiding.reservationId(), voiding.attempt()));
    observer.afterProviderCall(PaymentOperation.VOID, voiding.reservationId());
    if (result instanceof ProviderResult.Succeeded<IntentSnapshot> s) {
      apply(voiding.observe(s.value(), clock.instant()), context);
    } else if (result instanceof ProviderResult.Refused<IntentSnapshot> r) {
      resolveOrPark(voiding, PaymentOperation.VOID, r.detail(), context);
    } else if (result instanceof ProviderResult.Unknown<IntentSnapshot> u) {
      resolveOrPark(voiding, PaymentOperation.VOID, u.lastError(), context);
    }
  }

  // ---- refund ----------------------------------------------------------------------------------

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
        publisher.publish(List.of(repeated.get()), context);
        return;
      }
      String paymentIntentId = payments.isEmpty() ? null : payments.get(0).paymentIntentId();
      publisher.publish(List.of(new PaymentEvent.RefundFailed(reservationId, paymentIntentId,
          FailureReason.INVALID_REQUEST, "nothing captured to refund")), context);
      return;
    }
    Payment payment = captured.get();
    if (payment.pendingOperation() == PaymentOperation.REFUND) {
      payment = resumeRefund(payment, store.pendingAmount(payment.id()), context);
    }
    long amount = payment.refundAmount(amountMinor);
    Optional<PaymentEvent.RefundFailed> badAmount = payment.refuseRefundOf(amount);
    if (badAmount.isPresent()) {
      publisher.publish(List.of(badAmount.get()), context);
      return;
    }
    Payment pending = payment.beginRefund(clock.instant());
    store.update(pending);
    store.setPendingAmount(pending.id(), amount);
    resumeRefund(pending, amount, context);
  }

  private Payment resumeRefund(Payment payment, long amountMinor, MessageContext context) {
    int sequence = payment.nextRefundSequence();
    ProviderResult<RefundSnapshot> result = provider.refund(payment.reservationId(),
        payment.paymentIntentId(), amountMinor, sequence,
        IdempotencyKeys.refund(payment.reservationId(), payment.attempt(), sequence));
    observer.afterProviderCall(PaymentOperation.REFUND, payment.reservationId());
    if (result instanceof ProviderResult.Succeeded<RefundSnapshot> s) {
      return refunded(payment, s.value(), context);
    }
    if (result instanceof ProviderResult.Refused<RefundSnapshot> r) {
      // "Already refunded" or "amount too large": refunds made outside the saga (Dashboard) may
      // have returned the money already. Record them; if nothing is left, our refund is done.
      Payment synced = syncRefundsFromStripe(payment, context);
      if (synced.pendingOperation() == PaymentOperation.REFUND
          && synced.capturedRemainingMinor() == 0) {
        log.info("refund {}: Stripe refused ({}), refunds outside the saga returned everything",
            payment.reservationId(), r.code());
        return apply(synced.refundSettledOutside(clock.instant()), context);
      }
      if ("charge_disputed".equals(r.code())) {
        // The money is with the cardholder's bank until the dispute closes: say so.
        ProviderResult<List<DisputeSnapshot>> disputes =
            provider.listDisputes(payment.reservationId(), payment.paymentIntentId());
        if (disputes instanceof ProviderResult.Succeeded<List<DisputeSnapshot>> d) {
          syncDisputes(synced, d.value(), context);
        }
      }
      return apply(synced.refundFailed(r.reason(), r.detail(), clock.instant()), context);
    }
    String lastError = ((ProviderResult.Unknown<RefundSnapshot>) result).lastError();
    ProviderResult<Optional<RefundSnapshot>> found = provider.findRefund(
        payment.reservationId(), payment.paymentIntentId(), sequence);
    if (found instanceof ProviderResult.Succeeded<Optional<RefundSnapshot>> f
        && f.value().isPresent()) {
      return refunded(payment, f.value().get(), context);
    }
    return apply(payment.park(PaymentOperation.REFUND, lastError, clock.instant()), context);
  }

  private Payment refunded(Payment payment, RefundSnapshot refund, MessageContext context) {
    if (refund.failed()) {
      return apply(payment.refundFailed(FailureReason.UNKNOWN, "refund " + refund.id() + " "
          + refund.status(), clock.instant()), context);
    }
    store.recordRefund(payment, refund.sequence(), refund.id(), refund.amountMinor(),
        refund.status(), clock.instant());
    return apply(payment.refunded(refund.id(), refund.amountMinor(), clock.instant()), context);
  }

  // ---- observation and resumption (webhooks, sweep) -------------------------------------------

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
          d.status(), d.reason(), clock.instant())) {
        log.info("dispute {} of {}: {} ({} {})", d.id(), payment.reservationId(), d.status(),
            d.amountMinor(), currency);
        facts.add(new PaymentEvent.Disputed(payment.reservationId(), payment.paymentIntentId(),
            d.id(), d.chargeId(), d.amountMinor(), currency, d.status(), d.reason()));
      }
    }
    publisher.publish(facts, context);
  }

  private Payment syncRefundsFromStripe(Payment payment, MessageContext context) {
    ProviderResult<List<RefundSnapshot>> listed =
        provider.listRefunds(payment.reservationId(), payment.paymentIntentId());
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
    java.util.Set<String> known = store.knownRefundIds(payment.id());
    Payment current = payment;
    List<RefundSnapshot> oldestFirst = new ArrayList<>(atStripe);
    java.util.Collections.reverse(oldestFirst); // Stripe lists newest first
    for (RefundSnapshot refund : oldestFirst) {
      if (refund.madeOutsideTheSaga() && refund.succeeded() && !known.contains(refund.id())
          && current.capturedRemainingMinor() > 0) {
        log.info("refund {} of {} made outside the saga: {} {}", refund.id(),
            current.reservationId(), refund.amountMinor(), current.currency());
        store.recordOutsideRefund(current, refund.id(), refund.amountMinor(), refund.status(),
            clock.instant());
        current = apply(current.refundedOutside(refund.id(), refund.amountMinor(),
            clock.instant()), context);
      }
    }
    return current;
  }

  /** Re-reads the intent from Stripe and converges the payment to it. */
  public Payment refresh(Payment payment, MessageContext context) {
    return retrieve(payment).map(t -> apply(payment.observe(t, clock.instant()), context))
        .orElse(payment);
  }

  /** Applies what Stripe says about an intent (from a webhook, after retrieving it). */
  public Payment observe(Payment payment, IntentSnapshot intent, MessageContext context) {
    return apply(payment.observe(intent, clock.instant()), context);
  }

  /** Continues whatever the payment is waiting for; used by the sweep for stuck payments. */
  public void resume(Payment payment, MessageContext context) {
    PaymentOperation pending = payment.pendingOperation();
    if (pending == null) {
      if (payment.paymentIntentId() != null) {
        refresh(payment, context);
      }
      return;
    }
    switch (pending) {
      case AUTHORIZE -> resumeAuthorize(payment, context);
      // Resumed from the parked (or pending) state itself: failing again leaves it parked
      // without publishing PaymentOperationParked a second time.
      case CAPTURE -> {
        Payment current = payment.paymentIntentId() == null ? payment : refresh(payment, context);
        if (current.canCapture()) {
          resumeCapture(current, pendingAmountOr(current), context);
        }
      }
      case VOID -> resumeVoid(payment, context);
      case REFUND -> resumeRefund(payment, store.pendingAmount(payment.id()), context);
      default -> throw new IllegalStateException("cannot resume " + pending);
    }
  }

  private long pendingAmountOr(Payment payment) {
    long stored = store.pendingAmount(payment.id());
    return stored > 0 ? stored : payment.amountMinor();
  }

  private void resolveOrPark(Payment payment, PaymentOperation operation, String error,
      MessageContext context) {
    Optional<IntentSnapshot> truth = retrieve(payment);
    if (truth.isPresent()) {
      IntentStatus status = truth.get().status();
      boolean settled = status == IntentStatus.SUCCEEDED || status == IntentStatus.CANCELED;
      if (settled) {
        apply(payment.observe(truth.get(), clock.instant()), context);
        return;
      }
    }
    apply(payment.park(operation, error, clock.instant()), context);
  }

  private Optional<IntentSnapshot> retrieve(Payment payment) {
    if (payment.paymentIntentId() == null) {
      return Optional.empty();
    }
    ProviderResult<IntentSnapshot> result =
        provider.retrieve(payment.reservationId(), payment.paymentIntentId());
    return result instanceof ProviderResult.Succeeded<IntentSnapshot> s
        ? Optional.of(s.value()) : Optional.empty();
  }

  private Payment apply(Transition transition, MessageContext context) {
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
}
