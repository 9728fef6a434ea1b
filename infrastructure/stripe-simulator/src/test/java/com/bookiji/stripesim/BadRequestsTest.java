package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bad requests answer Stripe's error shapes and change nothing")
class BadRequestsTest extends SimulatorTestSupport {

  private long eventsBefore;
  private int intentsBefore;

  private int intentCount() throws Exception {
    return stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build()).getData().size();
  }

  private long eventCount() throws Exception {
    return stripe.v1().events().list(EventListParams.builder().setLimit(100L).build()).getData().size();
  }

  private void snapshot() throws Exception {
    intentsBefore = intentCount();
    eventsBefore = eventCount();
  }

  @AfterEach
  void nothingChanged() throws Exception {
    assertThat(intentCount()).isEqualTo(intentsBefore);
    assertThat(eventCount()).isEqualTo(eventsBefore);
  }

  @Test
  @DisplayName("missing amount -> 400 parameter_missing on amount")
  void missingAmount() throws Exception {
    snapshot();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setCurrency("eur").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getCode()).isEqualTo("parameter_missing");
          assertThat(e.getParam()).isEqualTo("amount");
          assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
          assertThat(e.getStripeError().getMessage()).isEqualTo("Missing required param: amount.");
          assertThat(e.getRequestId()).startsWith("req_");
        });
  }

  @Test
  @DisplayName("unknown payment method -> 400 resource_missing on payment_method")
  void unknownPaymentMethod() throws Exception {
    snapshot();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
            .setAmount(1000L).setCurrency("eur").setPaymentMethod("pm_card_bogus").setConfirm(true).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getCode()).isEqualTo("resource_missing");
          assertThat(e.getParam()).isEqualTo("payment_method");
        });
  }

  @Test
  @DisplayName("unknown payment method on confirm leaves the intent as it was")
  void unknownPaymentMethodOnConfirm() throws Exception {
    PaymentIntent pi = createManual(1000, "r-bad");
    snapshot();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().confirm(
            pi.getId(), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_nope").build()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus()).isEqualTo("requires_payment_method");
  }

  @Test
  @DisplayName("bad currency -> 400 on param currency")
  void badCurrency() throws Exception {
    snapshot();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("zzz").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("currency"));
  }

  @Test
  @DisplayName("too small an amount, an unknown parameter and a bad cancellation reason are 400s")
  void otherValidation() throws Exception {
    PaymentIntent pi = createManual(1000, "r-bad-2");
    snapshot();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder().setAmount(10L).setCurrency("eur").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getCode()).isEqualTo("amount_too_small"));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("eur").putExtraParam("colour", "red").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getCode()).isEqualTo("parameter_unknown");
          assertThat(e.getParam()).isEqualTo("colour");
        });
    assertThatThrownBy(() -> stripe.v1().paymentIntents().cancel(
            pi.getId(), PaymentIntentCancelParams.builder().putExtraParam("cancellation_reason", "bored").build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getParam()).isEqualTo("cancellation_reason"));
    assertThat(stripe.v1().paymentIntents().retrieve(pi.getId()).getStatus()).isEqualTo("requires_payment_method");
  }

  @Test
  @DisplayName("an unknown intent is a 404 resource_missing")
  void unknownIntent() throws Exception {
    snapshot();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().capture("pi_doesnotexist"))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(404);
          assertThat(e.getCode()).isEqualTo("resource_missing");
        });
  }

  @Test
  @DisplayName("a wrong secret key is a 401 with Stripe's error body")
  void authentication() throws Exception {
    snapshot();
    StripeClient wrong = client("sk_test_wrong_key_123456", 0);
    assertThatThrownBy(() -> wrong.v1().paymentIntents().create(
            PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("eur").build()))
        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(401);
          assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
          assertThat(e.getStripeError().getMessage()).startsWith("Invalid API Key provided");
        });
  }
}
