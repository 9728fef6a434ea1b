package com.bookiji.payment.application;

import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.persistence.PaymentStore;
import com.bookiji.payment.persistence.WebhookEventLog;
import com.bookiji.platform.messaging.MessageContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A verified Stripe webhook. The event only says "look at this intent": we deduplicate it by event
 * id, then RETRIEVE the intent and act on its current status, so late, duplicate and out-of-order
 * deliveries all converge to the same state and publish each fact once.
 */
@Service
public class StripeWebhookService {

  private static final Logger log = LoggerFactory.getLogger(StripeWebhookService.class);

  /** The parts of a webhook event we use. */
  public record WebhookEvent(String id, String type, Instant created, String paymentIntentId,
      String reservationId, Integer attempt) {}

  public enum Outcome { APPLIED, DUPLICATE, UNRELATED, UNKNOWN_PAYMENT }

  /** Stripe could not tell us the intent's current status; Stripe will redeliver the webhook. */
  public static class ProviderUnavailable extends RuntimeException {
    public ProviderUnavailable(String message) {
      super(message);
    }
  }

  private final WebhookEventLog webhookEvents;
  private final PaymentStore store;
  private final PaymentProvider provider;
  private final PaymentCommandService payments;
  private final Clock clock;

  public StripeWebhookService(WebhookEventLog webhookEvents, PaymentStore store,
      PaymentProvider provider, PaymentCommandService payments, Clock clock) {
    this.webhookEvents = webhookEvents;
    this.store = store;
    this.provider = provider;
    this.payments = payments;
    this.clock = clock;
  }

  /**
   * Only PaymentIntent events can change what we know (authorized, failed, needs action, expired,
   * captured). {@code payment_intent.created} tells nothing our own create response did not, and
   * {@code charge.*} events repeat PaymentIntent events, so they are acknowledged without a
   * retrieval.
   */
  static boolean decides(String type) {
    return type != null && type.startsWith("payment_intent.")
        && !type.equals("payment_intent.created");
  }

  @Transactional
  public Outcome handle(WebhookEvent event) {
    if (!webhookEvents.firstDelivery(event.id(), event.type(), event.paymentIntentId(),
        event.created(), clock.instant())) {
      return Outcome.DUPLICATE;
    }
    if (event.paymentIntentId() == null || !decides(event.type())) {
      return Outcome.UNRELATED;
    }
    Optional<Payment> payment = store.lockByIntent(event.paymentIntentId());
    if (payment.isEmpty() && event.reservationId() != null) {
      payment = store.lockAttempt(event.reservationId(),
          event.attempt() == null ? 1 : event.attempt());
    }
    if (payment.isEmpty()) {
      // Not ours (yet): the orphan check of the reconciler lists Stripe for such intents.
      log.info("webhook {} {} for unknown intent {}", event.id(), event.type(),
          event.paymentIntentId());
      return Outcome.UNKNOWN_PAYMENT;
    }
    ProviderResult<IntentSnapshot> truth =
        provider.retrieve(payment.get().reservationId(), event.paymentIntentId());
    if (!(truth instanceof ProviderResult.Succeeded<IntentSnapshot> s)) {
      throw new ProviderUnavailable("cannot retrieve " + event.paymentIntentId() + ": " + truth);
    }
    payments.observe(payment.get(), s.value(),
        MessageContext.root(payment.get().reservationId()));
    return Outcome.APPLIED;
  }
}
