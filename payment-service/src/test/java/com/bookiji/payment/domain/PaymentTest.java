package com.bookiji.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
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
  @DisplayName("a webhook reporting a settled state the payment already recorded teaches it nothing; any other needs Stripe's intent")
  void alreadyReflectedEvents() {
    Payment authorized = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment();
    Payment capturing = authorized.beginCapture(NOW);
    assertThat(captured().alreadyReflects("payment_intent.succeeded")).isTrue();
    assertThat(capturing.alreadyReflects("payment_intent.succeeded"))
        .as("the capture's response has not been recorded: the webhook may be the only news").isFalse();
    assertThat(authorized.alreadyReflects("payment_intent.succeeded")).isFalse();
    assertThat(authorized.alreadyReflects("payment_intent.amount_capturable_updated")).isFalse();
    assertThat(captured().alreadyReflects("payment_intent.canceled"))
        .as("a captured payment told its intent was cancelled is a contradiction to look at").isFalse();
    Payment voided = authorized.beginVoid(NOW).observe(intent(IntentStatus.CANCELED), NOW).payment();
    assertThat(voided.status()).isEqualTo(PaymentStatus.VOIDED);
    assertThat(voided.alreadyReflects("payment_intent.canceled")).isTrue();
    assertThat(voided.alreadyReflects("charge.refunded")).isFalse();
  }

  private static Payment captured() {
    return pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW).observe(intent(IntentStatus.SUCCEEDED), NOW).payment();
  }

  private static final PaymentEvent.Captured RECORDED_CAPTURE =
      new PaymentEvent.Captured("r-1", "pi_1", 5000, "eur", "ch_1");

  @Test
  @DisplayName("an amount of 0 or less is refused an authorization at once; a positive one is not")
  void onlyPositiveAmountsAreAuthorized() {
    assertThat(Payment.refuseAuthorizationOf("r-1", 0)).get()
        .extracting(PaymentEvent.AuthorizationFailed::reason)
        .isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(Payment.refuseAuthorizationOf("r-1", -5)).isPresent();
    assertThat(Payment.refuseAuthorizationOf("r-1", 1)).isEmpty();
  }

  @Test
  @DisplayName("a capture takes between 1 and the authorized amount; anything else is refused as an invalid request")
  void captureAmountBounds() {
    Payment authorized = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment();
    assertThat(authorized.refuseCaptureOf(1)).isEmpty();
    assertThat(authorized.refuseCaptureOf(5000)).isEmpty();
    assertThat(authorized.refuseCaptureOf(5001)).contains(new PaymentEvent.CaptureFailed("r-1",
        "pi_1", FailureReason.INVALID_REQUEST, "capture amount 5001 outside 1..5000"));
    assertThat(authorized.refuseCaptureOf(0)).isPresent();
  }

  @Test
  @DisplayName("a refund returns what it names, or the whole rest; more than stays captured is refused")
  void refundAmountBounds() {
    Payment partlyRefunded = captured().beginRefund(NOW).refunded("re_1", 2000, NOW).payment();
    assertThat(partlyRefunded.refundAmount(null)).isEqualTo(3000);
    assertThat(partlyRefunded.refundAmount(1000L)).isEqualTo(1000);
    assertThat(partlyRefunded.refuseRefundOf(3000)).isEmpty();
    assertThat(partlyRefunded.refuseRefundOf(3001)).contains(new PaymentEvent.RefundFailed("r-1",
        "pi_1", FailureReason.INVALID_REQUEST, "refund amount 3001 outside 1..3000"));
    assertThat(partlyRefunded.refuseRefundOf(0)).isPresent();
    Payment fullyRefunded = partlyRefunded.beginRefund(NOW).refunded("re_2", 3000, NOW).payment();
    assertThat(fullyRefunded.refuseRefundOf(fullyRefunded.refundAmount(null))).isPresent();
  }

  @Test
  @DisplayName("a void can act while money may be held on the card, never after a capture")
  void voidableWhileMoneyMayBeHeld() {
    Payment authorized = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment();
    assertThat(pending().canVoid()).isTrue();
    assertThat(authorized.canVoid()).isTrue();
    assertThat(pending().authorizationFailed(FailureReason.CARD_DECLINED, "declined", NOW)
        .payment().canVoid()).isTrue();
    assertThat(authorized.park(PaymentOperation.CAPTURE, "lost", NOW).payment().canVoid()).isTrue();
    assertThat(captured().canVoid()).isFalse();
    assertThat(captured().beginRefund(NOW).park(PaymentOperation.REFUND, "lost", NOW).payment()
        .canVoid()).isFalse();
    assertThat(authorized.beginVoid(NOW).observe(canceled("requested_by_customer"), NOW).payment()
        .canVoid()).isFalse();
  }

  @Test
  @DisplayName("a decided payment is described again exactly as first published: voided, expired, captured, refunded")
  void decidedFactsSayTheOutcomeAgain() {
    Payment authorized = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment();
    Payment voided = authorized.beginVoid(NOW).observe(canceled("requested_by_customer"), NOW)
        .payment();
    assertThat(voided.decidedFacts(Optional.empty(), Optional.empty()))
        .containsExactly(new PaymentEvent.Voided("r-1", "pi_1"));
    Payment expired = authorized.observe(canceled("automatic"), NOW).payment();
    assertThat(expired.decidedFacts(Optional.empty(), Optional.empty()))
        .containsExactly(new PaymentEvent.AuthorizationExpired("r-1", "pi_1"));
    assertThat(captured().decidedFacts(Optional.of(RECORDED_CAPTURE), Optional.empty()))
        .containsExactly(RECORDED_CAPTURE);
    PaymentEvent.Refunded lastRefund =
        new PaymentEvent.Refunded("r-1", "pi_1", "re_1", 5000, "eur", 0);
    Payment refunded = captured().beginRefund(NOW).refunded("re_1", 5000, NOW).payment();
    assertThat(refunded.decidedFacts(Optional.of(RECORDED_CAPTURE), Optional.of(lastRefund)))
        .containsExactly(RECORDED_CAPTURE, lastRefund);
    Payment parkedRefund = captured().beginRefund(NOW).park(PaymentOperation.REFUND, "lost", NOW)
        .payment();
    assertThat(parkedRefund.decidedFacts(Optional.of(RECORDED_CAPTURE), Optional.of(lastRefund)))
        .containsExactly(RECORDED_CAPTURE);
  }

  @Test
  @DisplayName("nothing is decided while a capture is in flight or the card not yet authorized")
  void nothingDecidedYet() {
    Payment capturing = pending().observe(intent(IntentStatus.REQUIRES_CAPTURE), NOW).payment()
        .beginCapture(NOW);
    assertThat(capturing.decidedFacts(Optional.of(RECORDED_CAPTURE), Optional.empty())).isEmpty();
    assertThat(pending().decidedFacts(Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  @DisplayName("without a recorded capture, PaymentCaptured is told from the payment itself (no charge id)")
  void capturedFactWithoutRecord() {
    assertThat(captured().capturedFact(Optional.empty()))
        .isEqualTo(new PaymentEvent.Captured("r-1", "pi_1", 5000, "eur", null));
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
