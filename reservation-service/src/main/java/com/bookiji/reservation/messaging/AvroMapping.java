package com.bookiji.reservation.messaging;

import com.bookiji.reservation.saga.Command;
import com.bookiji.reservation.saga.SagaMessage;
import com.bookiji.reservation.saga.SagaMessage.CommitRejection;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.BookingCancelled;
import com.bookiji.schemas.availability.CancelBooking;
import com.bookiji.schemas.availability.CommitHold;
import com.bookiji.schemas.availability.HoldCommitRejected;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.HoldExpired;
import com.bookiji.schemas.availability.HoldReleased;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.ReleaseHold;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.availability.SlotHoldRejected;
import com.bookiji.schemas.payment.AuthorizePayment;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.PaymentAuthorizationExpired;
import com.bookiji.schemas.payment.PaymentAuthorizationFailed;
import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptureFailed;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.payment.PaymentOperationParked;
import com.bookiji.schemas.payment.PaymentRefundFailed;
import com.bookiji.schemas.payment.PaymentRefunded;
import com.bookiji.schemas.payment.PaymentVoided;
import com.bookiji.schemas.payment.RefundPayment;
import com.bookiji.schemas.payment.VoidPayment;
import com.bookiji.schemas.reservation.ReservationStateChanged;
import com.bookiji.reservation.saga.SagaState;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Avro contracts ↔ saga messages and commands. */
public final class AvroMapping {

  private AvroMapping() {}

  /** The saga's view of an availability or payment event; empty for a type the saga does not consume. */
  public static Optional<SagaMessage> toSagaMessage(SpecificRecord record) {
    SagaMessage m = null;
    if (record instanceof SlotHeld e) {
      m = new SagaMessage.SlotHeld(e.getReservationId(), e.getSlotId(), e.getVendorId(), e.getHoldId(),
          e.getExpiresAt(), e.getPriceAmountMinor(), e.getCurrency(), e.getSlotStartsAt(), e.getSlotEndsAt());
    } else if (record instanceof SlotHoldRejected e) {
      m = new SagaMessage.SlotHoldRejected(e.getReservationId(), e.getReason().name(), e.getDetail());
    } else if (record instanceof HoldReleased e) {
      m = new SagaMessage.HoldReleased(e.getReservationId(), e.getHoldId());
    } else if (record instanceof HoldExpired e) {
      m = new SagaMessage.HoldExpired(e.getReservationId(), e.getHoldId());
    } else if (record instanceof HoldCommitted e) {
      m = new SagaMessage.HoldCommitted(e.getReservationId(), e.getHoldId(), e.getBookingId());
    } else if (record instanceof HoldCommitRejected e) {
      m = new SagaMessage.HoldCommitRejected(e.getReservationId(), e.getHoldId(),
          CommitRejection.valueOf(e.getReason().name()), e.getDetail());
    } else if (record instanceof BookingCancelled e) {
      m = new SagaMessage.BookingCancelled(e.getReservationId(), e.getBookingId());
    } else if (record instanceof PaymentAuthorizationStarted e) {
      m = new SagaMessage.PaymentAuthorizationStarted(e.getReservationId(), e.getPaymentIntentId(), e.getClientSecret());
    } else if (record instanceof PaymentAuthorized e) {
      m = new SagaMessage.PaymentAuthorized(e.getReservationId(), e.getPaymentIntentId(), e.getAmountMinor());
    } else if (record instanceof PaymentAuthorizationFailed e) {
      m = new SagaMessage.PaymentAuthorizationFailed(e.getReservationId(), e.getReason().name(),
          e.getDeclineCode() != null ? e.getDeclineCode() : e.getDetail());
    } else if (record instanceof PaymentAuthorizationExpired e) {
      m = new SagaMessage.PaymentAuthorizationExpired(e.getReservationId(), e.getPaymentIntentId());
    } else if (record instanceof PaymentCaptured e) {
      m = new SagaMessage.PaymentCaptured(e.getReservationId(), e.getPaymentIntentId(), e.getAmountCapturedMinor());
    } else if (record instanceof PaymentCaptureFailed e) {
      m = new SagaMessage.PaymentCaptureFailed(e.getReservationId(), e.getReason().name(), e.getDetail());
    } else if (record instanceof PaymentVoided e) {
      m = new SagaMessage.PaymentVoided(e.getReservationId(), e.getPaymentIntentId());
    } else if (record instanceof PaymentRefunded e) {
      m = new SagaMessage.PaymentRefunded(e.getReservationId(), e.getRefundId(), e.getAmountMinor(),
          e.getCapturedRemainingMinor() == null ? 0 : e.getCapturedRemainingMinor());
    } else if (record instanceof PaymentRefundFailed e) {
      m = new SagaMessage.PaymentRefundFailed(e.getReservationId(), e.getReason().name(), e.getDetail());
    } else if (record instanceof PaymentOperationParked e) {
      m = new SagaMessage.PaymentOperationParked(e.getReservationId(), e.getOperation(), e.getLastError());
    }
    return Optional.ofNullable(m);
  }

  /** A command (or state change) as the Avro record its topic carries. */
  public static SpecificRecord toAvro(SagaState s, Command command, Instant now) {
    String id = s.reservationId();
    if (command instanceof Command.HoldSlot c) {
      return HoldSlot.newBuilder().setReservationId(id).setSlotId(c.slotId()).setRequesterId(c.requesterId())
          .setHoldTtlSeconds(c.holdTtlSeconds()).setOccurredAt(now).build();
    } else if (command instanceof Command.ReleaseHold c) {
      return ReleaseHold.newBuilder().setReservationId(id).setHoldId(c.holdId()).setReason(c.reason())
          .setOccurredAt(now).build();
    } else if (command instanceof Command.CommitHold c) {
      return CommitHold.newBuilder().setReservationId(id).setHoldId(c.holdId()).setOccurredAt(now).build();
    } else if (command instanceof Command.CancelBooking c) {
      return CancelBooking.newBuilder().setReservationId(id).setBookingId(c.bookingId()).setReason(c.reason())
          .setOccurredAt(now).build();
    } else if (command instanceof Command.AuthorizePayment c) {
      return AuthorizePayment.newBuilder().setReservationId(id).setRequesterId(c.requesterId())
          .setAmountMinor(c.amountMinor()).setCurrency(c.currency()).setAttempt(c.attempt())
          .setOccurredAt(now).build();
    } else if (command instanceof Command.CapturePayment c) {
      return CapturePayment.newBuilder().setReservationId(id).setAmountMinor(c.amountMinor()).setOccurredAt(now).build();
    } else if (command instanceof Command.VoidPayment c) {
      return VoidPayment.newBuilder().setReservationId(id).setReason(c.reason()).setOccurredAt(now).build();
    } else if (command instanceof Command.RefundPayment c) {
      return RefundPayment.newBuilder().setReservationId(id).setAmountMinor(c.amountMinor()).setReason(c.reason())
          .setOccurredAt(now).build();
    } else if (command instanceof Command.PublishStateChanged c) {
      return ReservationStateChanged.newBuilder().setReservationId(id).setPreviousState(c.previousState())
          .setState(c.state()).setTrigger(c.trigger()).setTerminal(c.terminal()).setVendorId(s.vendorId())
          .setAmountMinor(s.amountMinor()).setCurrency(s.currency()).setDetail(c.detail())
          .setOccurredAt(c.occurredAt()).build();
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  public static Topic topicOf(SpecificRecord record) {
    return Topic.carrying(record.getClass());
  }
}
