package com.bookiji.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PaymentTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static Payment pending() {
    return Payment.start("r-1", 1, "u-1", 5000, "EUR", NOW).withId(7);
  }

  private static IntentSnapshot intent(IntentStatus status) {
    return new IntentSnapshot("pi_1", status, 5000, status == IntentStatus.SUCCEEDED ? 5000 : 0,
        "eur", "pi_1_secret", null, null, null, null, "ch_1");
  }

  private static IntentSnapshot declined() {
    return new IntentSnapshot("pi_1", IntentStatus.REQUIRES_PAYMENT_METHOD, 5000, 0, "eur",
        "pi_1_secret", null, "card_declined", "generic_decline", "Your card was declined.", null);
  }

  private static IntentSnapshot canceled(String reason) {
    return new IntentSnapshot("pi_1", IntentStatus.CANCELED, 5000, 0, "eur", "pi_1_secret",
        reason, null, null, null, null);
  }

  @Test
  @DisplayName("a created intent waits for the customer and publishes its client secret once")
  void createdIntentStartsAuthorization() {
    Transition t = pending().observe(intent(IntentStatus.REQUIRES_PAYMENT_METHOD), NOW);
    assertThat(t.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    assertThat(t.payment().paymentIntentId()).isEqualTo("pi_1");
    assertThat(t.events()).containsExactly(new PaymentEvent.AuthorizationStarted("r-1", "pi_1",
        "pi_1_secret", 5000, "eur"));
    assertThat(t.payment().observe(intent(IntentStatus.REQUIRES_PAYMENT_METHOD), NOW).events())
        .isEmpty();
  }

  @Test
  @DisplayName("an authorized intent is published once, whatever the number of observations")
  void authorizedOnce() {
    Payment awaiting = pending().observe(intent(IntentStatus.REQUIRES_ACTION), NOW).payment();
    Transition t = awaiting.observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW);
    assertThat(t.payment().status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(t.events()).singleElement().isInstanceOf(PaymentEvent.Authorized.class);
    assertThat(t.payment().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).events()).isEmpty();
  }

  @Test
  @DisplayName("an older observation arriving late never moves an authorization back")
  void outOfOrderObservationsAreMonotone() {
    Payment authorized = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment();
    Transition late = authorized.observe(intent(IntentStatus.REQUIRES_ACTION), NOW);
    assertThat(late.payment().status()).isEqualTo(PaymentStatus.AUTHORIZED);
    assertThat(late.events()).isEmpty();
  }

  @Test
  @DisplayName("a decline fails the authorization with the card's reason")
  void declineFails() {
    Payment awaiting = pending().observe(intent(IntentStatus.REQUIRES_PAYMENT_METHOD), NOW)
        .payment();
    Transition t = awaiting.observe(declined(), NOW);
    assertThat(t.payment().status()).isEqualTo(PaymentStatus.AUTHORIZATION_FAILED);
    assertThat(t.events()).singleElement().isEqualTo(new PaymentEvent.AuthorizationFailed("r-1",
        "pi_1", FailureReason.CARD_DECLINED, "generic_decline", "Your card was declined."));
  }

  @Test
  @DisplayName("a failed authentication is reported as AUTHENTICATION_FAILED")
  void authenticationFailure() {
    IntentSnapshot failed = new IntentSnapshot("pi_1", IntentStatus.REQUIRES_PAYMENT_METHOD, 5000,
        0, "eur", "s", null, "payment_intent_authentication_failure", null, "3DS failed", null);
    Transition t = pending().observe(intent(IntentStatus.REQUIRES_ACTION), NOW).payment()
        .observe(failed, NOW);
    assertThat(((PaymentEvent.AuthorizationFailed) t.events().get(0)).reason())
        .isEqualTo(FailureReason.AUTHENTICATION_FAILED);
  }

  @Test
  @DisplayName("Stripe's automatic cancellation of an authorization is an expiry, not a void")
  void automaticCancellationIsExpiry() {
    Payment authorized = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment();
    Transition t = authorized.observe(canceled("automatic"), NOW);
    assertThat(t.payment().status()).isEqualTo(PaymentStatus.AUTHORIZATION_EXPIRED);
    assertThat(t.events()).containsExactly(new PaymentEvent.AuthorizationExpired("r-1", "pi_1"));
    assertThat(t.payment().observe(canceled("automatic"), NOW).events()).isEmpty();
  }

  @Test
  @DisplayName("a requested cancellation voids the payment")
  void requestedCancellationVoids() {
    Payment voiding = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginVoid(NOW);
    Transition t = voiding.observe(canceled("abandoned"), NOW);
    assertThat(t.payment().status()).isEqualTo(PaymentStatus.VOIDED);
    assertThat(t.events()).containsExactly(new PaymentEvent.Voided("r-1", "pi_1"));
  }

  @Test
  @DisplayName("a capture is recorded once; a replayed capture response changes nothing")
  void captureOnce() {
    Payment capturing = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW);
    Transition t = capturing.observe(intent(IntentStatus.SUCCEEDED), NOW);
    assertThat(t.payment().status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(t.payment().amountCapturedMinor()).isEqualTo(5000);
    assertThat(t.events()).containsExactly(
        new PaymentEvent.Captured("r-1", "pi_1", 5000, "eur", "ch_1"));
    assertThat(t.payment().observe(intent(IntentStatus.SUCCEEDED), NOW).events()).isEmpty();
    assertThat(t.payment().canCapture()).isFalse();
  }

  @Test
  @DisplayName("a capture cannot start before the card is authorized")
  void noCaptureBeforeAuthorization() {
    assertThatThrownBy(() -> pending().beginCapture(NOW))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("an authorization that expires while its capture is pending reports both facts")
  void expiryDuringCapture() {
    Payment capturing = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW);
    Transition t = capturing.observe(canceled("automatic"), NOW);
    assertThat(t.payment().status()).isEqualTo(PaymentStatus.AUTHORIZATION_EXPIRED);
    assertThat(t.events()).hasSize(2);
    assertThat(t.events().get(1)).isInstanceOf(PaymentEvent.CaptureFailed.class);
  }

  @Test
  @DisplayName("partial refunds add up to a full refund")
  void partialRefunds() {
    Payment captured = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW).observe(intent(IntentStatus.SUCCEEDED), NOW).payment();
    Transition first = captured.beginRefund(NOW).refunded("re_1", 2000, NOW);
    assertThat(first.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(first.payment().nextRefundSequence()).isEqualTo(2);
    Transition second = first.payment().beginRefund(NOW).refunded("re_2", 3000, NOW);
    assertThat(second.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(second.payment().capturedRemainingMinor()).isZero();
  }

  @Test
  @DisplayName("a refused refund advances the refund number, so a re-sent refund uses a new key")
  void refusedRefundAdvancesSequence() {
    Payment captured = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW).observe(intent(IntentStatus.SUCCEEDED), NOW).payment();
    Transition refused = captured.beginRefund(NOW)
        .refundFailed(FailureReason.INVALID_REQUEST, "no", NOW);
    assertThat(refused.payment().status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(refused.payment().nextRefundSequence()).isEqualTo(2);
    assertThat(refused.events()).singleElement().isInstanceOf(PaymentEvent.RefundFailed.class);
  }

  @Test
  @DisplayName("a refund made outside the saga is published with what stays captured, and takes"
      + " no refund number of ours")
  void refundOutsideTheSaga() {
    Payment captured = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW).observe(intent(IntentStatus.SUCCEEDED), NOW).payment();
    Transition partial = captured.refundedOutside("re_dash", 2000, NOW);
    assertThat(partial.payment().status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
    assertThat(partial.payment().nextRefundSequence()).isEqualTo(1);
    assertThat(partial.events()).containsExactly(
        new PaymentEvent.Refunded("r-1", "pi_1", "re_dash", 2000, "eur", 3000));
    Transition full = partial.payment().refundedOutside("re_dash_2", 3000, NOW);
    assertThat(full.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(full.payment().capturedRemainingMinor()).isZero();
  }

  @Test
  @DisplayName("our refund, refused because the Dashboard already refunded everything, is done")
  void ownRefundSettledByRefundsOutside() {
    Payment refunding = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW).observe(intent(IntentStatus.SUCCEEDED), NOW).payment()
        .beginRefund(NOW);
    Transition outside = refunding.refundedOutside("re_dash", 5000, NOW);
    assertThat(outside.payment().status()).as("our own refund is still in flight")
        .isEqualTo(PaymentStatus.REFUND_PENDING);
    Transition settled = outside.payment().refundSettledOutside(NOW);
    assertThat(settled.payment().status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(settled.events()).as("the Dashboard refund's fact was already published").isEmpty();
    assertThat(settled.payment().nextRefundSequence()).isEqualTo(2);
    assertThatThrownBy(() -> refunding.refundSettledOutside(NOW))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("parking publishes once and names the operation")
  void parkOnce() {
    Payment capturing = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW);
    Transition parked = capturing.park(PaymentOperation.CAPTURE, "5xx after 6 tries", NOW);
    assertThat(parked.payment().status()).isEqualTo(PaymentStatus.PARKED);
    assertThat(parked.payment().pendingOperation()).isEqualTo(PaymentOperation.CAPTURE);
    assertThat(parked.events()).singleElement().isInstanceOf(PaymentEvent.OperationParked.class);
    assertThat(parked.payment().park(PaymentOperation.CAPTURE, "again", NOW).events()).isEmpty();
    assertThat(parked.payment().canCapture()).isTrue();
  }

  @Test
  @DisplayName("idempotency keys depend only on reservation, attempt, operation and refund number")
  void idempotencyKeys() {
    assertThat(IdempotencyKeys.authorize("r-1", 2)).isEqualTo("bookiji:r-1:authorize:2");
    assertThat(IdempotencyKeys.capture("r-1", 2)).isEqualTo("bookiji:r-1:capture:2");
    assertThat(IdempotencyKeys.voidAuthorization("r-1", 1)).isEqualTo("bookiji:r-1:void:1");
    assertThat(IdempotencyKeys.refund("r-1", 1, 3)).isEqualTo("bookiji:r-1:refund:1:3");
  }
}
