package com.bookiji.payment.application;

import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.IdempotencyKeys;
import com.bookiji.payment.domain.IntentSnapshot;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.Transition;
import com.bookiji.platform.messaging.MessageContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code CapturePayment}: captures the reservation's authorization, at most once per reservation.
 * Runs in the command's inbox transaction with the payment rows locked.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class CaptureService {

  private static final Logger log = LoggerFactory.getLogger(CaptureService.class);

  private final PaymentStore store;
  private final PaymentTransitions transitions;

  public CaptureService(PaymentStore store, PaymentTransitions transitions) {
    this.store = store;
    this.transitions = transitions;
  }

  public void capture(String reservationId, long amountMinor, MessageContext context) {
    List<Payment> payments = store.lockReservation(reservationId);
    Optional<Payment> alreadyCaptured = payments.stream()
        .filter(p -> p.status().isCaptured()).findFirst();
    if (alreadyCaptured.isPresent()) {
      // Never a second capture. The saga re-sends CapturePayment until it hears PaymentCaptured, so
      // a capture command after the capture is answered with the same fact again (same intent,
      // amount and charge), without calling Stripe.
      log.info("capture {}: already captured, PaymentCaptured re-published", reservationId);
      transitions.publish(List.of(transitions.capturedFact(alreadyCaptured.get())), context);
      return;
    }
    if (payments.isEmpty()) {
      transitions.publish(List.of(new PaymentEvent.CaptureFailed(reservationId, null,
          FailureReason.INVALID_REQUEST, "no payment for this reservation")), context);
      return;
    }
    Payment payment = payments.get(0);
    if (!payment.canCapture() && payment.paymentIntentId() != null) {
      // A webhook may not have told us yet that the card was authorized.
      payment = transitions.refresh(payment, context);
      if (payment.status().isCaptured()) {
        return;
      }
    }
    if (!payment.canCapture()) {
      transitions.publish(List.of(new PaymentEvent.CaptureFailed(reservationId,
          payment.paymentIntentId(), FailureReason.INVALID_REQUEST,
          "payment is " + payment.status())), context);
      return;
    }
    Optional<PaymentEvent.CaptureFailed> badAmount = payment.refuseCaptureOf(amountMinor);
    if (badAmount.isPresent()) {
      transitions.publish(List.of(badAmount.get()), context);
      return;
    }
    Payment pending = payment.beginCapture(transitions.now());
    store.update(pending);
    store.setPendingAmount(pending.id(), amountMinor);
    send(pending, amountMinor, context);
  }

  /**
   * The sweep's way back to a capture in flight or parked: Stripe is asked first (the capture may
   * have happened); failing again leaves it parked without publishing OperationParked again.
   */
  public void resume(Payment payment, MessageContext context) {
    Payment current = payment.paymentIntentId() == null ? payment
        : transitions.refresh(payment, context);
    if (current.canCapture()) {
      long stored = store.pendingAmount(current.id());
      send(current, stored > 0 ? stored : current.amountMinor(), context);
    }
  }

  private void send(Payment payment, long amountMinor, MessageContext context) {
    ProviderResult<IntentSnapshot> result = transitions.call(PaymentOperation.CAPTURE,
        payment.reservationId(), stripe -> stripe.capture(payment.reservationId(),
            payment.paymentIntentId(), amountMinor,
            IdempotencyKeys.capture(payment.reservationId(), payment.attempt())));
    if (result instanceof ProviderResult.Succeeded<IntentSnapshot> s) {
      transitions.observe(payment, s.value(), context);
    } else if (result instanceof ProviderResult.Refused<IntentSnapshot> r) {
      Optional<Transition> observed = transitions.retrieve(payment)
          .map(t -> payment.observe(t, transitions.now()))
          .filter(t -> t.payment().status() != payment.status());
      if (observed.isPresent()) {
        transitions.apply(observed.get(), context); // e.g. expired meanwhile, or captured earlier
      } else {
        transitions.apply(payment.captureFailed(r.reason(), r.detail(), transitions.now()),
            context);
      }
    } else if (result instanceof ProviderResult.Unknown<IntentSnapshot> u) {
      transitions.resolveOrPark(payment, PaymentOperation.CAPTURE, u.lastError(), context);
    }
  }
}
