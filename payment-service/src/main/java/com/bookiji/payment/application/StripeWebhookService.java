package com.bookiji.payment.application;

import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.Payment;
import com.bookiji.platform.messaging.MessageContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A verified Stripe webhook. The event only says "look at this intent": we RETRIEVE the intent (and,
 * for refund and dispute events, list its refunds or disputes) and act on what Stripe says now, so late, duplicate and
 * out-of-order deliveries all converge to the same state and publish each fact once.
 *
 * <p>Stripe is asked <em>outside</em> any transaction: no database connection or row lock is held
 * while Stripe answers, so slow Stripe answers cannot drain the pool. The answer is then applied in
 * one short transaction (dedup row, payment row lock, state, outbox). Applying an answer that is
 * older than the payment's state is harmless: observations are monotone.
 */
@Service
public class StripeWebhookService {

  private static final Logger log = LoggerFactory.getLogger(StripeWebhookService.class);

  /** The parts of a webhook event we use. */
  public record WebhookEvent(String id, String type, Instant created, String paymentIntentId,
      String reservationId, Integer attempt) {}

  public enum Outcome { APPLIED, DUPLICATE, UNRELATED, UNKNOWN_PAYMENT, ALREADY_RECORDED }

  /** Stripe could not tell us the intent's current status; Stripe will redeliver the webhook. */
  public static class ProviderUnavailable extends RuntimeException {
    public ProviderUnavailable(String message) {
      super(message);
    }
  }

  /** A command holds the payment (across its own Stripe call); Stripe will redeliver the webhook. */
  public static class PaymentBusy extends RuntimeException {
    public PaymentBusy(String message) {
      super(message);
    }
  }

  private final ProcessedWebhooks webhookEvents;
  private final PaymentStore store;
  private final PaymentProvider provider;
  private final PaymentTransitions transitions;
  private final ChangesAtStripe changesAtStripe;
  private final TransactionTemplate transaction;
  private final Duration lockWait;

  public StripeWebhookService(ProcessedWebhooks webhookEvents, PaymentStore store,
      PaymentProvider provider, PaymentTransitions transitions, ChangesAtStripe changesAtStripe,
      PlatformTransactionManager tm,
      @Value("${bookiji.payment.webhook.lock-wait:2s}") Duration lockWait) {
    this.webhookEvents = webhookEvents;
    this.store = store;
    this.provider = provider;
    this.transitions = transitions;
    this.changesAtStripe = changesAtStripe;
    this.transaction = new TransactionTemplate(tm);
    this.lockWait = lockWait;
  }

  /**
   * PaymentIntent events (authorized, failed, needs action, expired or cancelled, captured — also
   * when done at Stripe outside the saga) and refund events (a refund from the Dashboard) can change
   * what we know. {@code payment_intent.created} tells nothing our own create response did not.
   */
  static boolean decides(String type) {
    if (type == null) {
      return false;
    }
    return (type.startsWith("payment_intent.") && !type.equals("payment_intent.created"))
        || concernsRefunds(type) || concernsDisputes(type);
  }

  /** The refund and dispute event types (Stripe's events list filters on exact types). */
  public static final List<String> MONEY_MOVED_OUTSIDE_THE_SAGA = List.of("charge.refunded",
      "charge.refund.updated", "refund.created", "refund.updated", "charge.dispute.created",
      "charge.dispute.updated", "charge.dispute.closed", "charge.dispute.funds_withdrawn",
      "charge.dispute.funds_reinstated");

  /** Whether this Stripe event was handled already (webhook or an earlier catch-up). */
  public boolean seen(String eventId) {
    return webhookEvents.seen(eventId);
  }

  static boolean concernsDisputes(String type) {
    return type.startsWith("charge.dispute.");
  }

  static boolean concernsRefunds(String type) {
    return type.equals("charge.refunded") || type.equals("charge.refund.updated")
        || type.equals("refund.created") || type.equals("refund.updated");
  }

  public Outcome handle(WebhookEvent event) {
    if (webhookEvents.seen(event.id())) {
      return Outcome.DUPLICATE;
    }
    if (event.paymentIntentId() == null || !decides(event.type())) {
      return recordOnly(event) ? Outcome.UNRELATED : Outcome.DUPLICATE;
    }
    Optional<Payment> payment = store.findByIntent(event.paymentIntentId());
    if (payment.isEmpty() && event.reservationId() != null) {
      payment = store.findAttempt(event.reservationId(),
          event.attempt() == null ? 1 : event.attempt());
    }
    if (payment.isEmpty()) {
      // Not ours (yet): the orphan check of the reconciler lists Stripe for such intents.
      log.info("webhook {} {} for unknown intent {}", event.id(), event.type(),
          event.paymentIntentId());
      return recordOnly(event) ? Outcome.UNKNOWN_PAYMENT : Outcome.DUPLICATE;
    }
    if (payment.get().alreadyReflects(event.type())) {
      // Settled and recorded already: asking Stripe again would only confirm it (issue #15).
      return recordOnly(event) ? Outcome.ALREADY_RECORDED : Outcome.DUPLICATE;
    }
    String reservationId = payment.get().reservationId();
    ProviderResult<IntentSnapshot> truth = provider.retrieve(reservationId,
        event.paymentIntentId());
    if (!(truth instanceof ProviderResult.Succeeded<IntentSnapshot> intent)) {
      throw new ProviderUnavailable("cannot retrieve " + event.paymentIntentId() + ": " + truth);
    }
    List<RefundSnapshot> refunds = null;
    if (concernsRefunds(event.type())) {
      ProviderResult<List<RefundSnapshot>> listed =
          provider.listRefunds(reservationId, event.paymentIntentId());
      if (!(listed instanceof ProviderResult.Succeeded<List<RefundSnapshot>> l)) {
        throw new ProviderUnavailable("cannot list the refunds of " + event.paymentIntentId()
            + ": " + listed);
      }
      refunds = l.value();
    }
    List<DisputeSnapshot> disputes = null;
    if (concernsDisputes(event.type())) {
      ProviderResult<List<DisputeSnapshot>> listed =
          provider.listDisputes(reservationId, event.paymentIntentId());
      if (!(listed instanceof ProviderResult.Succeeded<List<DisputeSnapshot>> l)) {
        throw new ProviderUnavailable("cannot list the disputes of " + event.paymentIntentId()
            + ": " + listed);
      }
      disputes = l.value();
    }
    long paymentId = payment.get().id();
    List<RefundSnapshot> refundsAtStripe = refunds;
    List<DisputeSnapshot> disputesAtStripe = disputes;
    try {
      return transaction.execute(status -> {
        if (!firstDelivery(event)) {
          return Outcome.DUPLICATE;
        }
        Payment locked = store.lockByIdWaiting(paymentId, lockWait).orElseThrow();
        MessageContext context = transitions.contextOf(locked);
        Payment observed = transitions.observe(locked, intent.value(), context);
        if (refundsAtStripe != null) {
          changesAtStripe.syncRefunds(observed, refundsAtStripe, context);
        }
        if (disputesAtStripe != null) {
          changesAtStripe.syncDisputes(observed, disputesAtStripe, context);
        }
        return Outcome.APPLIED;
      });
    } catch (PessimisticLockingFailureException e) {
      throw new PaymentBusy("payment of " + reservationId + " is busy; redeliver later");
    }
  }

  private boolean recordOnly(WebhookEvent event) {
    return Boolean.TRUE.equals(transaction.execute(status -> firstDelivery(event)));
  }

  private boolean firstDelivery(WebhookEvent event) {
    return webhookEvents.firstDelivery(event.id(), event.type(), event.paymentIntentId(),
        event.created());
  }
}
