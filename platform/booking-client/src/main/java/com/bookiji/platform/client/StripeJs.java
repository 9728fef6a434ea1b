package com.bookiji.platform.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The step of the booking flow that happens in the requester's browser, not in our API: Stripe.js
 * confirms the PaymentIntent with the publishable key and the client secret the reservation shows.
 * Against the Stripe simulator or Stripe itself (the same endpoint).
 */
public final class StripeJs {

  private final URI stripe;
  private final String publishableKey;
  private final HttpClient http;

  /** @param stripe e.g. {@code http://127.0.0.1:12111} (the simulator) or {@code https://api.stripe.com} */
  public StripeJs(URI stripe, String publishableKey, HttpClient http) {
    this.stripe = stripe;
    this.publishableKey = publishableKey;
    this.http = http;
  }

  /**
   * What Stripe answered a confirmation: the intent's status on success (e.g. requires_capture),
   * Stripe's error code and decline code otherwise (e.g. card_declined / generic_decline).
   */
  public record Confirmation(int httpStatus, String intentId, String intentStatus, String errorCode, String declineCode) {
    public boolean ok() {
      return httpStatus / 100 == 2;
    }

    /** "requires_capture", or "HTTP 402 card_declined (generic_decline)". */
    public String describe() {
      return ok() ? intentStatus
          : "HTTP " + httpStatus + (errorCode == null ? "" : " " + errorCode) + (declineCode == null ? "" : " (" + declineCode + ")");
    }
  }

  /** The PaymentIntent id a client secret belongs to ({@code pi_…_secret_…}). */
  public static String intentOf(String clientSecret) {
    int end = clientSecret.indexOf("_secret_");
    if (end <= 0) {
      throw new IllegalArgumentException("not a PaymentIntent client secret: " + clientSecret);
    }
    return clientSecret.substring(0, end);
  }

  /** {@code POST /v1/payment_intents/{id}/confirm} with a test payment method such as {@code pm_card_visa}. */
  public Confirmation confirmCard(String clientSecret, String paymentMethod) throws IOException, InterruptedException {
    String intentId = intentOf(clientSecret);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_secret", clientSecret);
    form.put("payment_method", paymentMethod);
    HttpRequest request = HttpRequest.newBuilder(stripe.resolve("/v1/payment_intents/" + intentId + "/confirm"))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + publishableKey)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))))
        .build();
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body = parse(answer.body());
    JsonNode error = body.path("error");
    return new Confirmation(answer.statusCode(), intentId, text(body, "status"), text(error, "code"), text(error, "decline_code"));
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? BookingClient.JSON.missingNode() : BookingClient.JSON.readTree(body);
    } catch (JacksonException notJson) {
      return BookingClient.JSON.missingNode();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : null;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
