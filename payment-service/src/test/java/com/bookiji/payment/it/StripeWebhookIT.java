package com.bookiji.payment.it;

import static com.bookiji.payment.it.ForgedWebhooks.paymentIntentEvent;
import static com.bookiji.payment.it.ForgedWebhooks.sign;
import static com.bookiji.payment.it.ForgedWebhooks.signNow;
import static com.bookiji.payment.it.PaymentCommands.newReservation;
import static com.bookiji.payment.it.ServiceUnderTest.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.stripesim.WebhookFaultKind;
import com.bookiji.stripesim.WebhookFaultRule;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code POST /stripe/webhooks}: signatures, duplicates, late and out-of-order deliveries. */
class StripeWebhookIT {

  static final ServiceUnderTest sut = ServiceUnderTest.shared();
  static final StripeSide stripe = sut.stripe;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @AfterEach
  void clearWebhookFaults() {
    stripe.control.clearWebhookFaults();
  }

  @Test
  @DisplayName("a wrongly signed webhook is refused with 400 problem+json and changes nothing")
  void badSignature() throws Exception {
    String reservation = newReservation("bad-sig");
    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 1200);
    int seenBefore = sut.webhookEventsSeen();
    String payload = paymentIntentEvent("evt_forged_" + UUID.randomUUID(), "payment_intent.succeeded",
        started.getPaymentIntentId(), reservation);

    HttpResponse<String> response = post(payload, sign(payload, "whsec_attacker",
        Instant.now().getEpochSecond()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"code\":\"STRIPE_SIGNATURE_INVALID\"");
    assertThat(sut.webhookEventsSeen()).isEqualTo(seenBefore);
    assertThat(sut.status(reservation)).isEqualTo("AWAITING_CUSTOMER");
  }

  @Test
  @DisplayName("a correctly signed but stale webhook (replayed later) is refused with 400")
  void staleSignature() throws Exception {
    String payload = paymentIntentEvent("evt_stale_" + UUID.randomUUID(), "payment_intent.succeeded",
        "pi_unknown", "nobody");
    HttpResponse<String> response = post(payload,
        sign(payload, ForgedWebhooks.SECRET, Instant.now().minusSeconds(3600).getEpochSecond()));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("STRIPE_SIGNATURE_INVALID");
  }

  @Test
  @DisplayName("an unsigned webhook is refused with 400")
  void missingSignature() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(sut.webhookUri())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("the same Stripe event delivered twice is applied once")
  void duplicateDelivery() throws Exception {
    String reservation = newReservation("dup");
    PaymentAuthorizationStarted started = sut.authorizeAndStart(reservation, 1300);
    stripe.control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, null)
        .whenMetadata("reservation_id", reservation));
    stripe.customerConfirms(started, "pm_card_visa");

    String payload = paymentIntentEvent("evt_dup_" + UUID.randomUUID(), "payment_intent.amount_capturable_updated",
        started.getPaymentIntentId(), reservation);
    HttpResponse<String> first = post(payload, signNow(payload));
    HttpResponse<String> second = post(payload, signNow(payload));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("APPLIED");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("DUPLICATE");
    sut.awaitEvent(reservation, PaymentAuthorized.class);
    assertThat(sut.events(reservation, PaymentAuthorized.class)).hasSize(1);
  }

  @Test
  @DisplayName("duplicated and reordered deliveries from Stripe still publish each fact once")
  void duplicatedAndReorderedBySimulator() {
    String reservation = newReservation("reorder");
    stripe.control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DUPLICATE, null)
        .whenMetadata("reservation_id", reservation));
    stripe.control.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.REORDER, "payment_intent.*")
        .whenMetadata("reservation_id", reservation));
    PaymentAuthorizationStarted started = sut.captured(reservation, 1400);

    await().atMost(DEADLINE).until(() -> sut.webhookEventsAbout(started.getPaymentIntentId()) >= 2);
    assertThat(sut.events(reservation, PaymentAuthorizationStarted.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentAuthorized.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentCaptured.class)).hasSize(1);
    assertThat(sut.capturesRecorded(reservation)).isEqualTo(1);
  }

  @Test
  @DisplayName("a late webhook about an older state does not move the payment back")
  void lateWebhookIsHarmless() throws Exception {
    String reservation = newReservation("late");
    PaymentAuthorizationStarted started = sut.captured(reservation, 1500);

    String late = paymentIntentEvent("evt_late_" + UUID.randomUUID(), "payment_intent.requires_action",
        started.getPaymentIntentId(), reservation);
    HttpResponse<String> response = post(late, signNow(late));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(sut.status(reservation)).isEqualTo("CAPTURED");
    assertThat(sut.events(reservation, PaymentAuthorized.class)).hasSize(1);
    assertThat(sut.events(reservation, PaymentCaptured.class)).hasSize(1);
  }

  private HttpResponse<String> post(String payload, String signature) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(sut.webhookUri())
        .header("Content-Type", "application/json")
        .header("Stripe-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
