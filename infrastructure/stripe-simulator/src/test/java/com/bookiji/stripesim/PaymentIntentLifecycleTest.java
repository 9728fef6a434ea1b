package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.PaymentIntentUpdateParams;
import com.stripe.StripeClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PaymentIntent lifecycle through stripe-java")
class PaymentIntentLifecycleTest extends SimulatorTestSupport {

  @Test
  @DisplayName("a manual-capture intent walks requires_payment_method -> requires_confirmation -> requires_capture -> succeeded")
  void manualCaptureHappyPath() throws Exception {
    PaymentIntent created = createManual(2500, "res-1");
    assertThat(created.getId()).startsWith("pi_");
    assertThat(created.getObject()).isEqualTo("payment_intent");
    assertThat(created.getStatus()).isEqualTo("requires_payment_method");
    assertThat(created.getLivemode()).isFalse();
    assertThat(created.getCreated()).isPositive();
    assertThat(created.getMetadata()).containsEntry("reservation_id", "res-1");
    assertThat(created.getClientSecret()).startsWith(created.getId() + "_secret_");
    assertThat(created.getLastResponse().requestId()).startsWith("req_");

    PaymentIntent withMethod = stripe.v1().paymentIntents().update(
        created.getId(), PaymentIntentUpdateParams.builder().setPaymentMethod("pm_card_visa").build());
    assertThat(withMethod.getStatus()).isEqualTo("requires_confirmation");

    PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(created.getId());
    assertThat(confirmed.getStatus()).isEqualTo("requires_capture");
    assertThat(confirmed.getAmountCapturable()).isEqualTo(2500);
    assertThat(confirmed.getLatestCharge()).startsWith("ch_");

    PaymentIntent captured = stripe.v1().paymentIntents().capture(created.getId());
    assertThat(captured.getStatus()).isEqualTo("succeeded");
    assertThat(captured.getAmountReceived()).isEqualTo(2500);
    assertThat(captured.getAmountCapturable()).isZero();

    Charge charge = stripe.v1().charges().retrieve(captured.getLatestCharge());
    assertThat(charge.getCaptured()).isTrue();
    assertThat(charge.getAmountCaptured()).isEqualTo(2500);
    assertThat(charge.getPaymentIntent()).isEqualTo(created.getId());
  }

  @Test
  @DisplayName("a partial capture takes only amount_to_capture")
  void partialCapture() throws Exception {
    PaymentIntent pi = authorized(5000, "res-2");
    PaymentIntent captured = stripe.v1().paymentIntents().capture(
        pi.getId(), PaymentIntentCaptureParams.builder().setAmountToCapture(3000L).build());
    assertThat(captured.getAmountReceived()).isEqualTo(3000);
    assertThat(captured.getStatus()).isEqualTo("succeeded");
  }

  @Test
  @DisplayName("capturing more than is capturable is rejected and changes nothing")
  void overCapture() throws Exception {
    PaymentIntent pi = authorized(5000, "res-3");
    assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(
            pi.getId(), PaymentIntentCaptureParams.builder().setAmountToCapture(6000L).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getCode()).isEqualTo("amount_too_large");
          assertThat(e.getParam()).isEqualTo("amount_to_capture");
        });
    assertThat(stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus()).isEqualTo("requires_capture");
  }

  @Test
  @DisplayName("cancel records the reason; capturing a canceled intent is an unexpected-state error")
  void cancelThenCapture() throws Exception {
    PaymentIntent pi = authorized(1500, "res-4");
    PaymentIntent canceled = stripe.v1().paymentIntents().cancel(
        pi.getId(),
        PaymentIntentCancelParams.builder()
            .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER)
            .build());
    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getCancellationReason()).isEqualTo("requested_by_customer");
    assertThat(canceled.getCanceledAt()).isPositive();

    assertThatThrownBy(() -> stripe.v1().paymentIntents().capture(pi.getId()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state");
          assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
          assertThat(e.getStripeError().getPaymentIntent().getStatus()).isEqualTo("canceled");
        });
    assertThatThrownBy(() -> stripe.v1().paymentIntents().cancel(pi.getId()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
  }

  @Test
  @DisplayName("a succeeded intent cannot be canceled or confirmed again")
  void succeededIsFinal() throws Exception {
    PaymentIntent pi = authorized(1500, "res-5");
    stripe.v1().paymentIntents().capture(pi.getId());
    assertThatThrownBy(() -> stripe.v1().paymentIntents().cancel(pi.getId()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().confirm(pi.getId()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("payment_intent_unexpected_state"));
  }

  @Test
  @DisplayName("automatic capture goes straight to succeeded")
  void automaticCapture() throws Exception {
    PaymentIntent pi = stripe.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(1200L)
            .setCurrency("usd")
            .setPaymentMethod("pm_card_visa")
            .setConfirm(true)
            .build());
    assertThat(pi.getStatus()).isEqualTo("succeeded");
    assertThat(pi.getAmountReceived()).isEqualTo(1200);
  }

  @Test
  @DisplayName("declining cards answer 402 card_declined and leave the intent in requires_payment_method")
  void declines() throws Exception {
    PaymentIntent pi = createManual(2000, "res-6");
    assertThatThrownBy(() -> stripe.v1().paymentIntents().confirm(
            pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclined").build()))
        .isInstanceOfSatisfying(CardException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(402);
          assertThat(e.getCode()).isEqualTo("card_declined");
          assertThat(e.getDeclineCode()).isEqualTo("generic_decline");
          assertThat(e.getCharge()).startsWith("ch_");
          assertThat(e.getStripeError().getType()).isEqualTo("card_error");
        });
    PaymentIntent after = stripe.v1().paymentIntents().retrieve(pi.getId());
    assertThat(after.getStatus()).isEqualTo("requires_payment_method");
    assertThat(after.getLastPaymentError().getCode()).isEqualTo("card_declined");

    assertThatThrownBy(() -> stripe.v1().paymentIntents().confirm(
            pi.getId(),
            PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa_chargeDeclinedInsufficientFunds").build()))
        .isInstanceOfSatisfying(CardException.class, e -> {
          assertThat(e.getCode()).isEqualTo("card_declined");
          assertThat(e.getDeclineCode()).isEqualTo("insufficient_funds");
        });

    PaymentIntent retried = stripe.v1().paymentIntents().confirm(
        pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
    assertThat(retried.getStatus()).isEqualTo("requires_capture");
  }

  @Test
  @DisplayName("authentication required -> requires_action; the simulated customer completes or fails it")
  void authenticationRequired() throws Exception {
    PaymentIntent a = createManual(2000, "res-7");
    PaymentIntent needsAction = stripe.v1().paymentIntents().confirm(
        a.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_authenticationRequired").build());
    assertThat(needsAction.getStatus()).isEqualTo("requires_action");
    assertThat(needsAction.getNextAction().getType()).isEqualTo("use_stripe_sdk");
    control.completeAuthentication(a.getId(), true);
    assertThat(stripe.v1().paymentIntents().retrieve(a.getId()).getStatus()).isEqualTo("requires_capture");

    PaymentIntent b = createManual(2000, "res-8");
    stripe.v1().paymentIntents().confirm(
        b.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_authenticationRequired").build());
    control.completeAuthentication(b.getId(), false);
    PaymentIntent failed = stripe.v1().paymentIntents().retrieve(b.getId());
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getLastPaymentError().getCode()).isEqualTo("payment_intent_authentication_failure");
  }

  @Test
  @DisplayName("the customer confirms with the publishable key and client_secret, as Stripe.js does")
  void clientSideConfirmation() throws Exception {
    PaymentIntent pi = createManual(3100, "res-9");
    StripeClient browser = client(sim.config().publishableKey(), 0);
    PaymentIntent confirmed = browser.v1().paymentIntents().confirm(
        pi.getId(),
        PaymentIntentConfirmParams.builder()
            .setPaymentMethod("pm_card_visa")
            .putExtraParam("client_secret", pi.getClientSecret())
            .build());
    assertThat(confirmed.getStatus()).isEqualTo("requires_capture");
    PaymentIntent seen = browser.v1().paymentIntents().retrieve(
        pi.getId(), PaymentIntentRetrieveParams.builder().setClientSecret(pi.getClientSecret()).build());
    assertThat(seen.getStatus()).isEqualTo("requires_capture");

    assertThatThrownBy(() -> browser.v1().paymentIntents().confirm(
            pi.getId(),
            PaymentIntentConfirmParams.builder().putExtraParam("client_secret", "pi_x_secret_wrong").build()))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> browser.v1().paymentIntents().capture(pi.getId()))
        .isInstanceOf(com.stripe.exception.AuthenticationException.class);
  }

  @Test
  @DisplayName("update merges metadata; an empty value removes a key")
  void updateMetadata() throws Exception {
    PaymentIntent pi = createManual(2000, "res-10");
    PaymentIntent updated = stripe.v1().paymentIntents().update(
        pi.getId(), PaymentIntentUpdateParams.builder().putMetadata("vendor", "v-1").build());
    assertThat(updated.getMetadata()).containsEntry("reservation_id", "res-10").containsEntry("vendor", "v-1");
    PaymentIntent removed = stripe.v1().paymentIntents().update(
        pi.getId(), PaymentIntentUpdateParams.builder().putMetadata("vendor", "").build());
    assertThat(removed.getMetadata()).doesNotContainKey("vendor").containsEntry("reservation_id", "res-10");
  }

  @Test
  @DisplayName("expand[]=latest_charge embeds the charge object")
  void expandLatestCharge() throws Exception {
    PaymentIntent pi = authorized(2000, "res-11");
    PaymentIntent expanded = stripe.v1().paymentIntents().retrieve(
        pi.getId(), PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build());
    assertThat(expanded.getLatestChargeObject().getId()).isEqualTo(pi.getLatestCharge());
    assertThat(expanded.getLatestChargeObject().getAmount()).isEqualTo(2000);
  }
}
