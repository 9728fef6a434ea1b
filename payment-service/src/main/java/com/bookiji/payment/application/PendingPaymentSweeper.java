package com.bookiji.payment.application;

import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.PaymentStatus;
import com.bookiji.platform.messaging.MessageContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Resolves payments whose outcome we do not know yet by asking Stripe (retrieve / search by
 * metadata) and resuming the pending operation with its original idempotency key. Each payment is
 * handled in its own transaction with {@code FOR UPDATE SKIP LOCKED}, so a command or webhook
 * working on it is never raced, and several instances can sweep at once. The least recently
 * checked payments go first, so with N candidates and batch size B every one is re-checked within
 * ceil(N / B) sweeps, however many of them Stripe keeps answering "unchanged" about.
 */
@Component
public class PendingPaymentSweeper {

  private static final Logger log = LoggerFactory.getLogger(PendingPaymentSweeper.class);
  private static final Set<PaymentStatus> PENDING = EnumSet.of(
      PaymentStatus.AUTHORIZATION_PENDING, PaymentStatus.CAPTURE_PENDING,
      PaymentStatus.VOID_PENDING, PaymentStatus.REFUND_PENDING, PaymentStatus.PARKED);
  private static final Set<PaymentStatus> AWAITING_NEWS =
      EnumSet.of(PaymentStatus.AWAITING_CUSTOMER, PaymentStatus.AUTHORIZED);

  private final PaymentStore store;
  private final PaymentTransitions transitions;
  private final AuthorizationService authorization;
  private final CaptureService capture;
  private final VoidService voiding;
  private final RefundService refund;
  private final PaymentProvider provider;
  private final StripeWebhookService webhooks;
  private final PaymentSweepProperties properties;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final AtomicLong stuckAuthorizations = new AtomicLong();
  private final AtomicLong parked = new AtomicLong();

  public PendingPaymentSweeper(PaymentStore store, PaymentTransitions transitions,
      AuthorizationService authorization, CaptureService capture, VoidService voiding,
      RefundService refund, PaymentProvider provider, StripeWebhookService webhooks,
      PaymentSweepProperties properties, PlatformTransactionManager tm, Clock clock,
      MeterRegistry registry) {
    this.store = store;
    this.transitions = transitions;
    this.authorization = authorization;
    this.capture = capture;
    this.voiding = voiding;
    this.refund = refund;
    this.provider = provider;
    this.webhooks = webhooks;
    this.properties = properties;
    this.transaction = new TransactionTemplate(tm);
    this.clock = clock;
    Gauge.builder("bookiji.payments.stuck.authorizations", stuckAuthorizations, AtomicLong::get)
        .description("Authorizations (awaiting customer or authorized) older than the threshold")
        .register(registry);
    Gauge.builder("bookiji.payments.parked", parked, AtomicLong::get)
        .description("Payments parked after exhausted retries").register(registry);
  }

  @Scheduled(fixedDelayString = "${bookiji.payment.sweep.interval:10s}",
      initialDelayString = "${bookiji.payment.sweep.interval:10s}")
  public void scheduledSweep() {
    if (properties.enabled()) {
      sweep();
    }
  }

  /** @return how many payments were looked at */
  public int sweep() {
    Instant now = clock.instant();
    int handled = 0;
    handled += resumeEach(store.idsToSweep(PENDING, now.minus(properties.pendingGrace()),
        properties.batchSize()));
    handled += resumeEach(store.idsToSweep(AWAITING_NEWS, now.minus(properties.recheckAfter()),
        properties.batchSize()));
    handled += catchUpOnMoneyMovedOutsideTheSaga(now);
    stuckAuthorizations.set(store.countInStatusSince(AWAITING_NEWS,
        now.minus(properties.stuckAuthorizationAfter())));
    parked.set(store.countInStatus(PaymentStatus.PARKED));
    return handled;
  }

  /**
   * Refunds and disputes made at Stripe outside the saga are reported only by webhooks; a webhook
   * that never arrived is caught up here from Stripe's events list, through the same handler.
   */
  private int catchUpOnMoneyMovedOutsideTheSaga(Instant now) {
    ProviderResult<List<StripeWebhookService.WebhookEvent>> recent = provider.recentEvents(
        now.minus(properties.eventLookback()), StripeWebhookService.MONEY_MOVED_OUTSIDE_THE_SAGA);
    if (!(recent instanceof ProviderResult.Succeeded<List<StripeWebhookService.WebhookEvent>> r)) {
      log.warn("sweep could not list Stripe's recent events: {}", recent);
      return 0;
    }
    int n = 0;
    List<StripeWebhookService.WebhookEvent> oldestFirst = new java.util.ArrayList<>(r.value());
    java.util.Collections.reverse(oldestFirst); // Stripe lists newest first
    for (StripeWebhookService.WebhookEvent event : oldestFirst) {
      if (webhooks.seen(event.id())) {
        continue;
      }
      try {
        if (webhooks.handle(event) == StripeWebhookService.Outcome.APPLIED) {
          log.info("sweep caught up on Stripe event {} {} (its webhook never arrived)",
              event.id(), event.type());
          n++;
        }
      } catch (RuntimeException e) {
        log.warn("sweep could not apply Stripe event {}; next sweep retries", event.id(), e);
      }
    }
    return n;
  }

  private int resumeEach(List<Long> ids) {
    int n = 0;
    for (Long id : ids) {
      try {
        Boolean done = transaction.execute(s -> store.lockById(id).map(p -> {
          resume(p, transitions.contextOf(p));
          return true;
        }).orElse(false));
        n += Boolean.TRUE.equals(done) ? 1 : 0;
      } catch (RuntimeException e) {
        log.warn("sweep of payment {} failed; it comes round again after the others", id, e);
      }
      // Also after a failure or an unchanged answer: the payment goes to the back of the queue.
      store.markChecked(id, clock.instant());
    }
    return n;
  }

  /** Continues whatever the payment is waiting for; with nothing pending, asks Stripe for news. */
  private void resume(Payment payment, MessageContext context) {
    PaymentOperation pending = payment.pendingOperation();
    if (pending == null) {
      if (payment.paymentIntentId() != null) {
        transitions.refresh(payment, context);
      }
      return;
    }
    // Resumed from the parked (or pending) state itself: failing again leaves it parked without
    // publishing PaymentOperationParked a second time.
    switch (pending) {
      case AUTHORIZE -> authorization.resume(payment, context);
      case CAPTURE -> capture.resume(payment, context);
      case VOID -> voiding.resume(payment, context);
      case REFUND -> refund.resume(payment, context);
      default -> throw new IllegalStateException("cannot resume " + pending);
    }
  }

  public long stuckAuthorizations() {
    return stuckAuthorizations.get();
  }
}
