package com.bookiji.payment.messaging;

import com.bookiji.payment.application.PaymentEventPublisher;
import com.bookiji.payment.domain.FailureReason;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.payment.PaymentAuthorizationExpired;
import com.bookiji.schemas.payment.PaymentAuthorizationFailed;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptureFailed;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentDisputed;
import com.bookiji.schemas.payment.PaymentFailureReason;
import com.bookiji.schemas.payment.PaymentOperationParked;
import com.bookiji.schemas.payment.PaymentRefundFailed;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/** Domain facts → Avro records on {@code payment.events}, through the transactional outbox. */
@Component
public class OutboxPaymentEventPublisher implements PaymentEventPublisher {

  private final Outbox outbox;
  private final Clock clock;

  public OutboxPaymentEventPublisher(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public void publish(List<PaymentEvent> events, MessageContext context) {
    Instant now = clock.instant();
    for (PaymentEvent event : events) {
      outbox.append(Topic.PAYMENT_EVENTS, event.reservationId(), toAvro(event, now), context);
    }
  }

  static SpecificRecord toAvro(PaymentEvent event, Instant now) {
    if (event instanceof PaymentEvent.AuthorizationStarted e) {
      return PaymentAuthorizationStarted.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setClientSecret(e.clientSecret())
          .setAmountMinor(e.amountMinor()).setCurrency(e.currency()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.Authorized e) {
      return PaymentAuthorized.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setAmountMinor(e.amountMinor())
          .setCurrency(e.currency()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.AuthorizationFailed e) {
      return PaymentAuthorizationFailed.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setReason(reason(e.reason()))
          .setDeclineCode(e.declineCode()).setDetail(e.detail()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.AuthorizationExpired e) {
      return PaymentAuthorizationExpired.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.Captured e) {
      return PaymentCaptured.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setAmountCapturedMinor(e.amountCapturedMinor())
          .setCurrency(e.currency()).setChargeId(e.chargeId()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.CaptureFailed e) {
      return PaymentCaptureFailed.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setReason(reason(e.reason()))
          .setDetail(e.detail()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.Voided e) {
      return PaymentVoided.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.Refunded e) {
      return PaymentRefunded.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setRefundId(e.refundId())
          .setAmountMinor(e.amountMinor()).setCurrency(e.currency())
          .setCapturedRemainingMinor(e.capturedRemainingMinor()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.RefundFailed e) {
      return PaymentRefundFailed.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setReason(reason(e.reason()))
          .setDetail(e.detail()).setOccurredAt(now).build();
    }
    if (event instanceof PaymentEvent.OperationParked e) {
      return PaymentOperationParked.newBuilder().setReservationId(e.reservationId())
          .setOperation(e.operation().name()).setPaymentIntentId(e.paymentIntentId())
          .setLastError(e.lastError() == null ? "unknown" : e.lastError()).setOccurredAt(now)
          .build();
    }
    if (event instanceof PaymentEvent.Disputed e) {
      return PaymentDisputed.newBuilder().setReservationId(e.reservationId())
          .setPaymentIntentId(e.paymentIntentId()).setDisputeId(e.disputeId())
          .setChargeId(e.chargeId()).setAmountMinor(e.amountMinor()).setCurrency(e.currency())
          .setStatus(e.status()).setReason(e.reason()).setOccurredAt(now).build();
    }
    throw new IllegalArgumentException("unmapped event " + event);
  }

  private static PaymentFailureReason reason(FailureReason reason) {
    return PaymentFailureReason.valueOf(reason.name());
  }
}
