package com.bookiji.payment.messaging;

import com.bookiji.payment.application.PaymentCommandService;
import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.inbox.MessageHandler;
import com.bookiji.platform.inbox.RejectedMessageException;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.schemas.payment.AuthorizePayment;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import org.springframework.stereotype.Component;

/** {@code payment.commands} → use cases. Runs inside the platform's inbox transaction. */
@Component
public class PaymentCommandHandler implements MessageHandler {

  private final PaymentCommandService payments;

  public PaymentCommandHandler(PaymentCommandService payments) {
    this.payments = payments;
  }

  @Override
  public void handle(InboundMessage message) {
    MessageContext context = message.nextContext();
    Object payload = message.payload();
    if (payload instanceof AuthorizePayment c) {
      requireText(c.getReservationId(), "reservationId");
      requireText(c.getCurrency(), "currency");
      if (c.getAttempt() < 1) {
        throw new RejectedMessageException("AuthorizePayment needs attempt >= 1: " + c);
      }
      payments.authorize(c.getReservationId(), c.getAttempt(), c.getRequesterId(),
          c.getAmountMinor(), c.getCurrency(), context);
    } else if (payload instanceof CapturePayment c) {
      requireText(c.getReservationId(), "reservationId");
      payments.capture(c.getReservationId(), c.getAmountMinor(), context);
    } else if (payload instanceof VoidPayment c) {
      requireText(c.getReservationId(), "reservationId");
      payments.voidAuthorization(c.getReservationId(), context);
    } else if (payload instanceof RefundPayment c) {
      requireText(c.getReservationId(), "reservationId");
      payments.refund(c.getReservationId(), c.getAmountMinor(), context);
    } else {
      throw new RejectedMessageException("payment-service does not handle "
          + (payload == null ? "null" : payload.getClass().getName()));
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new RejectedMessageException(field + " is required");
    }
  }
}
