package com.bookiji.reservation.saga;

import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.saga.SagaMessage.*;
import java.util.function.Consumer;

/**
 * The saga's facts reducer: what a message says about the hold and the payment, applied in any
 * state before the state decides anything. Availability and payment are the truth about those;
 * a fact only moves forward (a duplicate or an older fact changes nothing).
 */
final class SagaFacts {

  private SagaFacts() {}

  /**
   * Records in {@code next} what {@code message} says about the hold and the payment of
   * {@code known}; a fact worth a timeline line but changing nothing goes to {@code note}.
   */
  static void apply(SagaState known, SagaMessage message, SagaState.Builder next, Consumer<String> note) {
    if (message instanceof SlotHeld h) {
      if (known.hold() == HoldStatus.NONE || known.hold() == HoldStatus.REQUESTED
          || (known.holdId() == null && known.hold() != HoldStatus.HELD)) {
        next.hold(HoldStatus.HELD).holdId(h.holdId()).holdExpiresAt(h.expiresAt())
            .vendorId(h.vendorId()).amountMinor(h.priceAmountMinor()).currency(h.currency())
            .slotStartsAt(h.slotStartsAt()).slotEndsAt(h.slotEndsAt());
      }
    } else if (message instanceof SlotHoldRejected) {
      if (known.hold() == HoldStatus.REQUESTED) {
        next.hold(HoldStatus.REJECTED);
      }
    } else if (message instanceof HoldReleased || message instanceof HoldExpired) {
      if (known.hold().mayBlockSlot()) {
        next.hold(HoldStatus.RELEASED);
      }
    } else if (message instanceof HoldCommitted c) {
      // Availability's word is final: even a hold we thought gone is a booking if it says so.
      if (known.hold() != HoldStatus.COMMITTED && known.hold() != HoldStatus.BOOKING_CANCELLED) {
        next.hold(HoldStatus.COMMITTED).bookingId(c.bookingId());
        if (known.holdId() == null) {
          next.holdId(c.holdId());
        }
      }
    } else if (message instanceof HoldCommitRejected r) {
      boolean gone = r.reason() == CommitRejection.HOLD_EXPIRED
          || r.reason() == CommitRejection.HOLD_RELEASED
          || r.reason() == CommitRejection.HOLD_NOT_FOUND;
      if (gone && known.hold().mayBlockSlot()) {
        next.hold(HoldStatus.RELEASED);
      }
    } else if (message instanceof BookingCancelled) {
      if (known.hold() == HoldStatus.COMMITTED) {
        next.hold(HoldStatus.BOOKING_CANCELLED);
      }
    } else if (message instanceof PaymentAuthorizationStarted st) {
      if (known.payment() == PaymentStatus.NONE || known.payment() == PaymentStatus.REQUESTED) {
        next.payment(PaymentStatus.STARTED);
      }
      if (known.paymentIntentId() == null || known.payment() == PaymentStatus.REQUESTED
          || known.payment() == PaymentStatus.NONE) {
        next.paymentIntentId(st.paymentIntentId()).clientSecret(st.clientSecret());
      }
    } else if (message instanceof PaymentAuthorized a) {
      if (known.payment() != PaymentStatus.AUTHORIZED && known.payment() != PaymentStatus.CAPTURED
          && known.payment() != PaymentStatus.REFUNDED) {
        next.payment(PaymentStatus.AUTHORIZED).paymentIntentId(a.paymentIntentId());
      }
    } else if (message instanceof PaymentAuthorizationFailed) {
      if (known.payment() == PaymentStatus.REQUESTED || known.payment() == PaymentStatus.STARTED) {
        next.payment(PaymentStatus.FAILED);
      }
    } else if (message instanceof PaymentAuthorizationExpired) {
      if (known.payment().mayHoldUncapturedAuthorization()) {
        next.payment(PaymentStatus.EXPIRED);
      }
    } else if (message instanceof PaymentCaptured c) {
      if (known.payment() != PaymentStatus.CAPTURED && known.payment() != PaymentStatus.REFUNDED) {
        next.payment(PaymentStatus.CAPTURED).paymentIntentId(c.paymentIntentId());
      }
    } else if (message instanceof PaymentVoided) {
      if (known.payment().mayHoldUncapturedAuthorization()) {
        next.payment(PaymentStatus.VOIDED);
      }
    } else if (message instanceof PaymentRefunded r) {
      // A partial refund (e.g. from the Stripe Dashboard) leaves money captured: a refund is still owed.
      if (known.payment() == PaymentStatus.CAPTURED && r.capturedRemainingMinor() > 0) {
        note.accept("partial refund " + r.refundId() + "; " + r.capturedRemainingMinor() + " still captured");
      } else if (known.payment() == PaymentStatus.CAPTURED) {
        next.payment(PaymentStatus.REFUNDED);
      }
    } else if (message instanceof PaymentCaptureFailed f) {
      note.accept("capture failed: " + f.reason());
    } else if (message instanceof PaymentRefundFailed f) {
      note.accept("refund failed: " + f.reason() + "; will be re-sent");
    } else if (message instanceof PaymentOperationParked p) {
      note.accept("payment " + p.operation() + " parked: " + p.lastError());
    }
  }
}
