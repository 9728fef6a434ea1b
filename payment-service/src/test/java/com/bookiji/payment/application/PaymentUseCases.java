package com.bookiji.payment.application;

import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.PaymentStatus;
import com.bookiji.platform.messaging.MessageContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The four payment use cases wired to an in-memory store and a fake Stripe, no Spring and no
 * database; steps named like the saga's commands, so tests read as the story they tell.
 */
final class PaymentUseCases {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  final InMemoryPaymentStore store = new InMemoryPaymentStore();
  final FakeStripe stripe = new FakeStripe();
  final List<PaymentEvent> published = new ArrayList<>();
  private final PaymentEventPublisher publisher = (events, context) -> published.addAll(events);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  /** What the ProviderCallObserver heard: the operation, and what Stripe and the store held then. */
  record ObservedCall(PaymentOperation operation, String reservationId, int callsAtStripe,
      PaymentStatus stored) {}

  final List<ObservedCall> observedCalls = new ArrayList<>();
  private final ProviderCallObserver observer = (operation, reservationId) -> observedCalls.add(
      new ObservedCall(operation, reservationId, stripe.calls.size(),
          store.payment(reservationId).status()));
  final PaymentTransitions transitions =
      new PaymentTransitions(store, stripe, publisher, Optional.of(observer), clock);
  final ChangesAtStripe changesAtStripe = new ChangesAtStripe(store, transitions);
  final AuthorizationService authorization = new AuthorizationService(store, transitions);
  final CaptureService capture = new CaptureService(store, transitions);
  final VoidService voiding = new VoidService(store, transitions);
  final RefundService refund = new RefundService(store, transitions, changesAtStripe);

  static MessageContext context(String reservationId) {
    return MessageContext.root(reservationId);
  }

  void authorizePayment(String reservationId, long amountMinor) {
    authorization.authorize(reservationId, 1, "requester-1", amountMinor, "EUR",
        context(reservationId));
  }

  /** AuthorizePayment, then the customer confirms the card and Stripe's webhook is applied. */
  Payment authorized(String reservationId, long amountMinor) {
    authorizePayment(reservationId, amountMinor);
    Payment payment = store.payment(reservationId);
    stripe.customerConfirms(payment.paymentIntentId());
    return transitions.refresh(payment, context(reservationId));
  }

  Payment captured(String reservationId, long amountMinor) {
    authorized(reservationId, amountMinor);
    capturePayment(reservationId, amountMinor);
    return store.payment(reservationId);
  }

  void capturePayment(String reservationId, long amountMinor) {
    capture.capture(reservationId, amountMinor, context(reservationId));
  }

  void voidPayment(String reservationId) {
    voiding.voidAuthorization(reservationId, context(reservationId));
  }

  void refundPayment(String reservationId, Long amountMinor) {
    refund.refund(reservationId, amountMinor, context(reservationId));
  }

  /** The facts published since the last call, which forgets them. */
  List<PaymentEvent> newFacts() {
    List<PaymentEvent> facts = List.copyOf(published);
    published.clear();
    return facts;
  }
}
