package com.bookiji.reservation.saga;

import com.bookiji.reservation.domain.DeadlineKind;
import java.time.Instant;

/**
 * Everything that can happen to a reservation, as the saga sees it: facts from availability and
 * payment (saga-domain twins of the Avro events), human decisions, and fired deadlines.
 */
public sealed interface SagaMessage {

  String reservationId();

  /** Short name used in the timeline and the diagram. */
  default String label() {
    return getClass().getSimpleName();
  }

  // ---- availability facts ----
  record SlotHeld(String reservationId, String slotId, String vendorId, String holdId,
      Instant expiresAt, long priceAmountMinor, String currency, Instant slotStartsAt,
      Instant slotEndsAt) implements SagaMessage {}

  record SlotHoldRejected(String reservationId, String reason, String detail) implements SagaMessage {}

  /** holdId null: availability released whatever the reservation held. */
  record HoldReleased(String reservationId, String holdId) implements SagaMessage {}

  record HoldExpired(String reservationId, String holdId) implements SagaMessage {}

  record HoldCommitted(String reservationId, String holdId, String bookingId) implements SagaMessage {}

  enum CommitRejection { AVAILABILITY_CHANGED, HOLD_EXPIRED, HOLD_RELEASED, HOLD_NOT_FOUND, UNKNOWN }

  record HoldCommitRejected(String reservationId, String holdId, CommitRejection reason, String detail)
      implements SagaMessage {}

  record BookingCancelled(String reservationId, String bookingId) implements SagaMessage {}

  // ---- payment facts ----
  record PaymentAuthorizationStarted(String reservationId, String paymentIntentId, String clientSecret)
      implements SagaMessage {}

  record PaymentAuthorized(String reservationId, String paymentIntentId, long amountMinor)
      implements SagaMessage {}

  record PaymentAuthorizationFailed(String reservationId, String reason, String detail)
      implements SagaMessage {}

  record PaymentAuthorizationExpired(String reservationId, String paymentIntentId) implements SagaMessage {}

  record PaymentCaptured(String reservationId, String paymentIntentId, long amountCapturedMinor)
      implements SagaMessage {}

  record PaymentCaptureFailed(String reservationId, String reason, String detail) implements SagaMessage {}

  record PaymentVoided(String reservationId, String paymentIntentId) implements SagaMessage {}

  /** {@code capturedRemainingMinor}: what stays captured after it (a partial refund leaves some). */
  record PaymentRefunded(String reservationId, String refundId, long amountMinor, long capturedRemainingMinor)
      implements SagaMessage {
    /** A refund that left nothing captured. */
    public PaymentRefunded(String reservationId, String refundId, long amountMinor) {
      this(reservationId, refundId, amountMinor, 0);
    }
  }

  record PaymentRefundFailed(String reservationId, String reason, String detail) implements SagaMessage {}

  record PaymentOperationParked(String reservationId, String operation, String lastError)
      implements SagaMessage {}

  // ---- people ----
  record VendorConfirmed(String reservationId, String vendorId) implements SagaMessage {}

  record VendorDeclined(String reservationId, String vendorId, String reason) implements SagaMessage {}

  record RequesterCancelled(String reservationId, String requesterId) implements SagaMessage {}

  // ---- time ----
  /**
   * A deadline came due. {@code awaitedCommand}: what our own outbox says about the command this
   * deadline waited on (looked at for HOLD_RESPONSE, so that the expiry names the right service).
   */
  record DeadlineFired(String reservationId, DeadlineKind kind, CommandDelivery awaitedCommand) implements SagaMessage {
    public DeadlineFired(String reservationId, DeadlineKind kind) {
      this(reservationId, kind, CommandDelivery.NOT_CHECKED);
    }

    @Override
    public String label() {
      return "DeadlineFired(" + kind + ")";
    }
  }
}
