package com.bookiji.reservation.it;

import com.bookiji.schemas.availability.BookingCancelled;
import com.bookiji.schemas.availability.HoldCommitRejectionReason;
import com.bookiji.schemas.availability.HoldCommitRejected;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.HoldExpired;
import com.bookiji.schemas.availability.HoldReleased;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.payment.PaymentAuthorizationFailed;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptureFailed;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentFailureReason;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import java.time.Duration;
import java.time.Instant;

/** The events availability-service and payment-service publish, for one reservation. */
final class Events {
  static final long PRICE = 4200;
  static final String CURRENCY = "EUR";

  private final String reservationId;
  private final String slotId;
  private final String vendorId;

  Events(String reservationId, String slotId, String vendorId) {
    this.reservationId = reservationId;
    this.slotId = slotId;
    this.vendorId = vendorId;
  }

  String holdId() {
    return "hold-" + reservationId;
  }

  String bookingId() {
    return "booking-" + reservationId;
  }

  String paymentIntentId() {
    return "pi_" + reservationId.replace("-", "");
  }

  SlotHeld slotHeld(Instant expiresAt) {
    Instant starts = Instant.now().plus(Duration.ofDays(3));
    return SlotHeld.newBuilder().setReservationId(reservationId).setSlotId(slotId).setVendorId(vendorId)
        .setHoldId(holdId()).setExpiresAt(expiresAt).setPriceAmountMinor(PRICE).setCurrency(CURRENCY)
        .setSlotStartsAt(starts).setSlotEndsAt(starts.plus(Duration.ofHours(1))).setOccurredAt(Instant.now()).build();
  }

  HoldReleased holdReleased() {
    return HoldReleased.newBuilder().setReservationId(reservationId).setSlotId(slotId).setHoldId(holdId())
        .setOccurredAt(Instant.now()).build();
  }

  HoldExpired holdExpired() {
    return HoldExpired.newBuilder().setReservationId(reservationId).setSlotId(slotId).setHoldId(holdId())
        .setExpiresAt(Instant.now()).setOccurredAt(Instant.now()).build();
  }

  HoldCommitted holdCommitted() {
    return HoldCommitted.newBuilder().setReservationId(reservationId).setSlotId(slotId).setHoldId(holdId())
        .setBookingId(bookingId()).setOccurredAt(Instant.now()).build();
  }

  HoldCommitRejected holdCommitRejected(HoldCommitRejectionReason reason) {
    return HoldCommitRejected.newBuilder().setReservationId(reservationId).setHoldId(holdId()).setReason(reason)
        .setDetail("slot blocked by the vendor").setOccurredAt(Instant.now()).build();
  }

  BookingCancelled bookingCancelled() {
    return BookingCancelled.newBuilder().setReservationId(reservationId).setSlotId(slotId)
        .setBookingId(bookingId()).setOccurredAt(Instant.now()).build();
  }

  PaymentAuthorizationStarted authorizationStarted() {
    return PaymentAuthorizationStarted.newBuilder().setReservationId(reservationId)
        .setPaymentIntentId(paymentIntentId()).setClientSecret(paymentIntentId() + "_secret_x")
        .setAmountMinor(PRICE).setCurrency(CURRENCY).setOccurredAt(Instant.now()).build();
  }

  PaymentAuthorized authorized() {
    return PaymentAuthorized.newBuilder().setReservationId(reservationId).setPaymentIntentId(paymentIntentId())
        .setAmountMinor(PRICE).setCurrency(CURRENCY).setOccurredAt(Instant.now()).build();
  }

  PaymentAuthorizationFailed authorizationFailed() {
    return PaymentAuthorizationFailed.newBuilder().setReservationId(reservationId)
        .setPaymentIntentId(paymentIntentId()).setReason(PaymentFailureReason.CARD_DECLINED)
        .setDeclineCode("insufficient_funds").setOccurredAt(Instant.now()).build();
  }

  PaymentCaptured captured() {
    return PaymentCaptured.newBuilder().setReservationId(reservationId).setPaymentIntentId(paymentIntentId())
        .setAmountCapturedMinor(PRICE).setCurrency(CURRENCY).setChargeId("ch_1").setOccurredAt(Instant.now()).build();
  }

  PaymentCaptureFailed captureFailed() {
    return PaymentCaptureFailed.newBuilder().setReservationId(reservationId).setPaymentIntentId(paymentIntentId())
        .setReason(PaymentFailureReason.CARD_DECLINED).setDetail("authorization no longer valid")
        .setOccurredAt(Instant.now()).build();
  }

  PaymentVoided voided() {
    return PaymentVoided.newBuilder().setReservationId(reservationId).setPaymentIntentId(paymentIntentId())
        .setOccurredAt(Instant.now()).build();
  }

  PaymentRefunded refunded() {
    return PaymentRefunded.newBuilder().setReservationId(reservationId).setPaymentIntentId(paymentIntentId())
        .setRefundId("re_1").setAmountMinor(PRICE).setCurrency(CURRENCY).setOccurredAt(Instant.now()).build();
  }
}
