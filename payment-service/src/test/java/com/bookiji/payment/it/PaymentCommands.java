package com.bookiji.payment.it;

import static com.bookiji.payment.it.PaymentCommands.authorize;
import static com.bookiji.payment.it.PaymentCommands.capture;
import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static com.bookiji.payment.it.PaymentCommands.refund;
import static com.bookiji.payment.it.PaymentCommands.voidPayment;
import com.bookiji.schemas.payment.AuthorizePayment;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import java.time.Instant;
import java.util.UUID;

/** The commands the reservation saga sends to payment-service, as a test writes them. */
final class PaymentCommands {

  private PaymentCommands() {}

  static String newReservation(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static AuthorizePayment authorize(String reservationId, long amountMinor) {
    return AuthorizePayment.newBuilder().setReservationId(reservationId).setRequesterId("req-1")
        .setAmountMinor(amountMinor).setCurrency("eur").setAttempt(1)
        .setOccurredAt(Instant.now()).build();
  }

  static CapturePayment capture(String reservationId, long amountMinor) {
    return CapturePayment.newBuilder().setReservationId(reservationId)
        .setAmountMinor(amountMinor).setOccurredAt(Instant.now()).build();
  }

  static VoidPayment voidPayment(String reservationId) {
    return VoidPayment.newBuilder().setReservationId(reservationId).setReason("test")
        .setOccurredAt(Instant.now()).build();
  }

  /** {@code amountMinor} null: refund whatever is still captured. */
  static RefundPayment refund(String reservationId, Long amountMinor) {
    return RefundPayment.newBuilder().setReservationId(reservationId).setAmountMinor(amountMinor)
        .setReason("test").setOccurredAt(Instant.now()).build();
  }
}
