package com.bookiji.payment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.schemas.payment.PaymentAuthorized;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.stripesim.WebhookFaultKind;
import com.bookiji.stripesim.WebhookFaultRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code POST /stripe/webhooks}: signatures, duplicates, late and out-of-order deliveries. */
class StripeWebhookIT extends PaymentITSupport {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @AfterEach
  void clearWebhookFaults() {
    SIM.clearWebhookFaults();
  }

  @Test
  @DisplayName("a wrongly signed webhook is refused with 400 problem+json and changes nothing")
  void badSignature() throws Exception {
    String reservation = newReservation("bad-sig");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 1200);
    int seenBefore = webhookEventsSeen();
    String payload = event("evt_forged_" + UUID.randomUUID(), "payment_intent.succeeded",
        started.getPaymentIntentId(), reservation);

    HttpResponse<String> response = post(payload, sign(payload, "whsec_attacker",
        Instant.now().getEpochSecond()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"code\":\"STRIPE_SIGNATURE_INVALID\"");
    assertThat(webhookEventsSeen()).isEqualTo(seenBefore);
    assertThat(status(reservation)).isEqualTo("AWAITING_CUSTOMER");
  }

  @Test
  @DisplayName("a correctly signed but stale webhook (replayed later) is refused with 400")
  void staleSignature() throws Exception {
    String payload = event("evt_stale_" + UUID.randomUUID(), "payment_intent.succeeded",
        "pi_unknown", "nobody");
    HttpResponse<String> response = post(payload,
        sign(payload, "whsec_bookiji", Instant.now().minusSeconds(3600).getEpochSecond()));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("STRIPE_SIGNATURE_INVALID");
  }

  @Test
  @DisplayName("an unsigned webhook is refused with 400")
  void missingSignature() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(webhookUri())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("the same Stripe event delivered twice is applied once")
  void duplicateDelivery() throws Exception {
    String reservation = newReservation("dup");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 1300);
    SIM.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DROP, null)
        .whenMetadata("reservation_id", reservation));
    customerConfirms(started, "pm_card_visa");

    String payload = event("evt_dup_" + UUID.randomUUID(), "payment_intent.amount_capturable_updated",
        started.getPaymentIntentId(), reservation);
    HttpResponse<String> first = post(payload, sign(payload, "whsec_bookiji",
        Instant.now().getEpochSecond()));
    HttpResponse<String> second = post(payload, sign(payload, "whsec_bookiji",
        Instant.now().getEpochSecond()));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("APPLIED");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("DUPLICATE");
    awaitEvent(reservation, PaymentAuthorized.class);
    assertThat(events(reservation, PaymentAuthorized.class)).hasSize(1);
  }

  @Test
  @DisplayName("duplicated and reordered deliveries from Stripe still publish each fact once")
  void duplicatedAndReorderedBySimulator() {
    String reservation = newReservation("reorder");
    SIM.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.DUPLICATE, null)
        .whenMetadata("reservation_id", reservation));
    SIM.addWebhookFault(WebhookFaultRule.of(WebhookFaultKind.REORDER, "payment_intent.*")
        .whenMetadata("reservation_id", reservation));
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 1400);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 1400));
    awaitEvent(reservation, PaymentCaptured.class);

    await().atMost(DEADLINE).until(() -> webhookEventsFor(started.getPaymentIntentId()) >= 2);
    assertThat(events(reservation, PaymentAuthorizationStarted.class)).hasSize(1);
    assertThat(events(reservation, PaymentAuthorized.class)).hasSize(1);
    assertThat(events(reservation, PaymentCaptured.class)).hasSize(1);
    assertThat(capturesRecorded(reservation)).isEqualTo(1);
  }

  @Test
  @DisplayName("a late webhook about an older state does not move the payment back")
  void lateWebhookIsHarmless() throws Exception {
    String reservation = newReservation("late");
    PaymentAuthorizationStarted started = authorizeAndStart(reservation, 1500);
    customerConfirms(started, "pm_card_visa");
    awaitEvent(reservation, PaymentAuthorized.class);
    send(reservation, capture(reservation, 1500));
    awaitEvent(reservation, PaymentCaptured.class);

    String late = event("evt_late_" + UUID.randomUUID(), "payment_intent.requires_action",
        started.getPaymentIntentId(), reservation);
    HttpResponse<String> response = post(late, sign(late, "whsec_bookiji",
        Instant.now().getEpochSecond()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(status(reservation)).isEqualTo("CAPTURED");
    assertThat(events(reservation, PaymentAuthorized.class)).hasSize(1);
    assertThat(events(reservation, PaymentCaptured.class)).hasSize(1);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private URI webhookUri() {
    return URI.create("http://127.0.0.1:" + port + "/stripe/webhooks");
  }

  private HttpResponse<String> post(String payload, String signature) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(webhookUri())
        .header("Content-Type", "application/json")
        .header("Stripe-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Stripe's scheme: {@code t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<payload>"))}. */
  static String sign(String payload, String secret, long timestamp) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
  }

  static String event(String id, String type, String paymentIntentId, String reservationId) {
    return """
        {"id":"%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,
         "type":"%s","livemode":false,"pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"payment_intent",
           "metadata":{"reservation_id":"%s","attempt":"1"}}}}"""
        .formatted(id, Instant.now().getEpochSecond(), type, paymentIntentId, reservationId);
  }

  int webhookEventsSeen() {
    return jdbc.queryForObject("select count(*) from inbox_external where consumer = 'stripe-webhooks'",
        Integer.class);
  }

  int webhookEventsFor(String paymentIntentId) {
    return jdbc.queryForObject("select count(*) from inbox_external where consumer = 'stripe-webhooks'"
        + " and subject = ?",
        Integer.class, paymentIntentId);
  }
}
