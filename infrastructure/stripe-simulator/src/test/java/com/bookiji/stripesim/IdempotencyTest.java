package com.bookiji.stripesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Idempotency-Key semantics, as Stripe documents them")
class IdempotencyTest extends SimulatorTestSupport {

  private static RequestOptions key(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }

  private static PaymentIntentCreateParams params(long amount) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency("eur")
        .setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.MANUAL)
        .putMetadata("reservation_id", "r-idem")
        .build();
  }

  private int intentCount() throws Exception {
    return stripe.v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build()).getData().size();
  }

  @Test
  @DisplayName("the same key with the same parameters replays the first response, marked Idempotent-Replayed")
  void replay() throws Exception {
    PaymentIntent first = stripe.v1().paymentIntents().create(params(1000), key("create-1"));
    PaymentIntent second = stripe.v1().paymentIntents().create(params(1000), key("create-1"));
    assertThat(second.getId()).isEqualTo(first.getId());
    assertThat(second.getLastResponse().body()).isEqualTo(first.getLastResponse().body());
    assertThat(second.getLastResponse().code()).isEqualTo(first.getLastResponse().code());
    assertThat(second.getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(first.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(intentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a replay returns the first response even after the object changed")
  void replayIsASnapshot() throws Exception {
    PaymentIntent pi = authorized(1000, "r-snap");
    PaymentIntent captured = stripe.v1().paymentIntents().capture(pi.getId(), null, key("cap"));
    stripe.v1().refunds().create(
        com.stripe.param.RefundCreateParams.builder().setPaymentIntent(pi.getId()).build());
    PaymentIntent replay = stripe.v1().paymentIntents().capture(pi.getId(), null, key("cap"));
    assertThat(replay.getLastResponse().body()).isEqualTo(captured.getLastResponse().body());
  }

  @Test
  @DisplayName("an error from an executed request (a decline) is replayed too")
  void replayedDecline() throws Exception {
    PaymentIntentCreateParams declined = PaymentIntentCreateParams.builder()
        .setAmount(1000L).setCurrency("eur").setPaymentMethod("pm_card_chargeDeclined").setConfirm(true).build();
    CardException first = org.junit.jupiter.api.Assertions.assertThrows(
        CardException.class, () -> stripe.v1().paymentIntents().create(declined, key("decl")));
    CardException again = org.junit.jupiter.api.Assertions.assertThrows(
        CardException.class, () -> stripe.v1().paymentIntents().create(declined, key("decl")));
    assertThat(again.getStripeError().getPaymentIntent().getId())
        .isEqualTo(first.getStripeError().getPaymentIntent().getId());
    assertThat(again.getStripeError().getLastResponse().headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(intentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("the same key with different parameters is a 400 idempotency_error and changes nothing")
  void mismatch() throws Exception {
    stripe.v1().paymentIntents().create(params(1000), key("create-2"));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(params(2000), key("create-2")))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getStripeError().getType()).isEqualTo("idempotency_error");
        });
    assertThat(intentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("the same key on another endpoint is an idempotency_error too")
  void mismatchAcrossEndpoints() throws Exception {
    PaymentIntent pi = authorized(1000, "r-x");
    stripe.v1().paymentIntents().capture(pi.getId(), null, key("shared"));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().cancel(pi.getId(), null, key("shared")))
        .isInstanceOf(IdempotencyException.class);
  }

  @Test
  @DisplayName("a second request while the first with that key is in flight is a 409")
  void concurrentUse() throws Exception {
    control.addFault(FaultRule.latency("POST /v1/payment_intents", 1500).times(1));
    CompletableFuture<PaymentIntent> first = CompletableFuture.supplyAsync(() -> {
      try {
        return stripe.v1().paymentIntents().create(params(1000), key("slow"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> StreamSupport.stream(control.requests().spliterator(), false)
        .map(JsonElement::getAsJsonObject)
        .anyMatch(r -> r.get("in_flight").getAsBoolean() && "slow".equals(r.get("idempotency_key").getAsString())));
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(params(1000), key("slow")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(409);
          assertThat(e.getCode()).isEqualTo("idempotency_key_in_use");
        });
    PaymentIntent done = first.get();
    PaymentIntent after = stripe.v1().paymentIntents().create(params(1000), key("slow"));
    assertThat(after.getId()).isEqualTo(done.getId());
    assertThat(intentCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("keys expire after the TTL (24 h): the same key then executes anew")
  void expiry() throws Exception {
    PaymentIntent first = stripe.v1().paymentIntents().create(params(1000), key("old"));
    control.advanceClock(Duration.ofHours(23));
    assertThat(stripe.v1().paymentIntents().create(params(1000), key("old")).getId()).isEqualTo(first.getId());
    control.advanceClock(Duration.ofHours(2));
    PaymentIntent fresh = stripe.v1().paymentIntents().create(params(1000), key("old"));
    assertThat(fresh.getId()).isNotEqualTo(first.getId());
    assertThat(fresh.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  @DisplayName("a request that fails validation saves nothing: the key stays usable")
  void validationErrorsAreNotSaved() throws Exception {
    PaymentIntentCreateParams bad = PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("xxx").build();
    assertThatThrownBy(() -> stripe.v1().paymentIntents().create(bad, key("fix-me")))
        .isInstanceOf(InvalidRequestException.class);
    PaymentIntent ok = stripe.v1().paymentIntents().create(params(1000), key("fix-me"));
    assertThat(ok.getLastResponse().headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  @DisplayName("the request log shows each request with its idempotency key and whether it was replayed")
  void requestLog() throws Exception {
    stripe.v1().paymentIntents().create(params(1000), key("logged"));
    stripe.v1().paymentIntents().create(params(1000), key("logged"));
    var entries = control.requests("POST", "/v1/payment_intents");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).getAsJsonObject().get("idempotency_key").getAsString()).isEqualTo("logged");
    assertThat(entries.get(0).getAsJsonObject().get("replayed").getAsBoolean()).isFalse();
    assertThat(entries.get(1).getAsJsonObject().get("replayed").getAsBoolean()).isTrue();
    assertThat(entries.get(1).getAsJsonObject().get("status").getAsInt()).isEqualTo(200);
  }
}
