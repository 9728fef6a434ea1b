package com.bookiji.payment.domain;

/** Facts the payment publishes; each maps to one record on {@code payment.events}. */
public sealed interface PaymentEvent {

  String reservationId();

  record AuthorizationStarted(String reservationId, String paymentIntentId, String clientSecret,
      long amountMinor, String currency) implements PaymentEvent {}

  record Authorized(String reservationId, String paymentIntentId, long amountMinor,
      String currency) implements PaymentEvent {}

  record AuthorizationFailed(String reservationId, String paymentIntentId, FailureReason reason,
      String declineCode, String detail) implements PaymentEvent {}

  record AuthorizationExpired(String reservationId, String paymentIntentId)
      implements PaymentEvent {}

  record Captured(String reservationId, String paymentIntentId, long amountCapturedMinor,
      String currency, String chargeId) implements PaymentEvent {}

  record CaptureFailed(String reservationId, String paymentIntentId, FailureReason reason,
      String detail) implements PaymentEvent {}

  record Voided(String reservationId, String paymentIntentId) implements PaymentEvent {}

  /**
   * Money went back, by our refund or one made at Stripe outside the saga (Dashboard, API).
   * {@code capturedRemainingMinor} is what stays captured afterwards: 0 means fully refunded.
   */
  record Refunded(String reservationId, String paymentIntentId, String refundId,
      long amountMinor, String currency, long capturedRemainingMinor) implements PaymentEvent {}

  record RefundFailed(String reservationId, String paymentIntentId, FailureReason reason,
      String detail) implements PaymentEvent {}

  record OperationParked(String reservationId, PaymentOperation operation,
      String paymentIntentId, String lastError) implements PaymentEvent {}

  /** A dispute of the captured charge was opened or changed status at Stripe. */
  record Disputed(String reservationId, String paymentIntentId, String disputeId, String chargeId,
      long amountMinor, String currency, String status, String reason) implements PaymentEvent {}
}
