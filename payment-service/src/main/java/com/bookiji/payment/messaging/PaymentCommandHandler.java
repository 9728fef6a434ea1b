package com.bookiji.payment.messaging;

import com.bookiji.payment.application.AuthorizationService;
import com.bookiji.payment.application.CaptureService;
import com.bookiji.payment.application.RefundService;
import com.bookiji.payment.application.VoidService;
import com.bookiji.platform.inbox.InboundMessage;
import com.bookiji.platform.inbox.MessageHandler;
import com.bookiji.platform.inbox.RefusedMessageException;
import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.schemas.payment.AuthorizePayment;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import org.springframework.stereotype.Component;

/** {@code payment.commands} → use cases. Runs inside the platform's inbox transaction. */
@Component
public class PaymentCommandHandler implements MessageHandler {

  private final AuthorizationService authorization;
  private final CaptureService capture;
  private final VoidService voiding;
  private final RefundService refund;

  public PaymentCommandHandler(AuthorizationService authorization, CaptureService capture,
      VoidService voiding, RefundService refund) {
    this.authorization = authorization;
    this.capture = capture;
    this.voiding = voiding;
    this.refund = refund;
  }

  @Override
  public void handle(InboundMessage message) {
    MessageContext context = message.nextContext();
    Object payload = message.payload();
    if (payload instanceof AuthorizePayment c) {
      requireText(c.getReservationId(), "reservationId");
      requireText(c.getCurrency(), "currency");
      if (c.getAttempt() < 1) {
        throw new RefusedMessageException("AuthorizePayment needs attempt >= 1: " + c);
      }
      authorization.authorize(c.getReservationId(), c.getAttempt(), c.getRequesterId(),
          c.getAmountMinor(), c.getCurrency(), context);
    } else if (payload instanceof CapturePayment c) {
      requireText(c.getReservationId(), "reservationId");
      capture.capture(c.getReservationId(), c.getAmountMinor(), context);
    } else if (payload instanceof VoidPayment c) {
      requireText(c.getReservationId(), "reservationId");
      voiding.voidAuthorization(c.getReservationId(), context);
    } else if (payload instanceof RefundPayment c) {
      requireText(c.getReservationId(), "reservationId");
      refund.refund(c.getReservationId(), c.getAmountMinor(), context);
    } else {
      throw new RefusedMessageException("payment-service does not handle "
          + (payload == null ? "null" : payload.getClass().getName()));
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new RefusedMessageException(field + " is required");
    }
  }
}
