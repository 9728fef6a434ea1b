package com.bookiji.payment.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook deliveries a test writes itself, in Stripe's format and signed as Stripe signs them. */
final class ForgedWebhooks {

  static final String SECRET = "whsec_bookiji";

  private ForgedWebhooks() {}

  /** An event about a payment intent of ours (its metadata names the reservation, attempt 1). */
  static String paymentIntentEvent(String id, String type, String paymentIntentId,
      String reservationId) {
    return """
        {"id":"%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,
         "type":"%s","livemode":false,"pending_webhooks":1,
         "data":{"object":{"id":"%s","object":"payment_intent",
           "metadata":{"reservation_id":"%s","attempt":"1"}}}}"""
        .formatted(id, Instant.now().getEpochSecond(), type, paymentIntentId, reservationId);
  }

  /** Stripe's scheme: {@code t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<payload>"))}. */
  static String sign(String payload, String secret, long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signed now with the service's secret. */
  static String signNow(String payload) {
    return sign(payload, SECRET, Instant.now().getEpochSecond());
  }
}
