package com.bookiji.payment.it;

import com.bookiji.schemas.payment.PaymentAuthorizationStarted;
import com.bookiji.stripesim.SimControlClient;
import com.bookiji.stripesim.StripeSimulator;
import com.bookiji.stripesim.StripeSimulatorConfig;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentConfirmParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stripe as the tests see it: the in-process simulator (its control API to inject faults, move its
 * clock and list what it received), the customer confirming a card, someone with the secret key
 * (the Dashboard, another integration) and the counts of what Stripe actually executed.
 */
final class StripeSide {

  final StripeSimulator simulator;
  final SimControlClient control;

  private StripeSide(StripeSimulator simulator) {
    this.simulator = simulator;
    this.control = simulator.control();
  }

  static StripeSide start() {
    return new StripeSide(StripeSimulator.start(StripeSimulatorConfig.builder()
        .webhookRetryInitialDelay(Duration.ofMillis(200)).build()));
  }

  String baseUrl() {
    return simulator.baseUrl();
  }

  void sendWebhooksTo(String url) {
    control.addWebhookEndpoint(url, null);
  }

  /** stripe-java with the secret key: what the Dashboard or another integration of ours does. */
  StripeClient withSecretKey() {
    return StripeClient.builder().setApiKey("sk_test_bookiji").setApiBase(baseUrl()).build();
  }

  /** The frontend: confirms the card with the publishable key and the client secret. */
  void customerConfirms(PaymentAuthorizationStarted started, String paymentMethod) {
    StripeClient publishable = StripeClient.builder().setApiKey("pk_test_bookiji")
        .setApiBase(baseUrl()).build();
    try {
      publishable.v1().paymentIntents().confirm(started.getPaymentIntentId(),
          PaymentIntentConfirmParams.builder().setPaymentMethod(paymentMethod)
              .putExtraParam("client_secret", started.getClientSecret()).build());
    } catch (StripeException e) {
      // A decline answers 402 to the customer; the service learns it from the webhook.
    }
  }

  /** Every PaymentIntent at Stripe that carries this reservation's metadata. */
  List<JsonObject> intents(String reservationId) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : control.paymentIntents()) {
      JsonObject pi = e.getAsJsonObject();
      JsonObject md = pi.has("metadata") && pi.get("metadata").isJsonObject()
          ? pi.getAsJsonObject("metadata") : new JsonObject();
      if (md.has("reservation_id") && reservationId.equals(md.get("reservation_id").getAsString())) {
        out.add(pi);
      }
    }
    return out;
  }

  /** Capture requests Stripe actually applied (not replays, not failures) for these intents. */
  long capturesExecuted(List<JsonObject> intents) {
    long n = 0;
    for (JsonElement e : control.requests("POST", "/v1/payment_intents/")) {
      JsonObject r = e.getAsJsonObject();
      String path = r.get("path").getAsString();
      boolean applied = status(r) == 200 || "APPLIED_RESPONSE_LOST".equals(text(r, "fault"));
      boolean mine = intents.stream().anyMatch(pi -> path.contains(pi.get("id").getAsString()));
      if (mine && path.endsWith("/capture") && !replayed(r) && applied) {
        n++;
      }
    }
    return n;
  }

  /** Requests to a payment-intent sub-path that Stripe executed (status 200, not replayed). */
  long executed(String pathSuffix) {
    long n = 0;
    for (JsonElement e : control.requests("POST", "/v1/payment_intents/")) {
      JsonObject r = e.getAsJsonObject();
      if (r.get("path").getAsString().endsWith(pathSuffix) && executed(r)) {
        n++;
      }
    }
    return n;
  }

  /** Refunds Stripe created for this reservation (our refund keys name the reservation). */
  long refundsExecutedFor(String reservationId) {
    long n = 0;
    for (JsonElement e : control.requests("POST", "/v1/refunds")) {
      JsonObject r = e.getAsJsonObject();
      if (executed(r) && text(r, "idempotency_key").startsWith("bookiji:" + reservationId + ":refund:")) {
        n++;
      }
    }
    return n;
  }

  /** The HTTP statuses Stripe answered to refund requests under this idempotency key. */
  List<Integer> refundAnswers(String idempotencyKey) {
    List<Integer> out = new ArrayList<>();
    for (JsonElement e : control.requests("POST", "/v1/refunds")) {
      JsonObject r = e.getAsJsonObject();
      if (idempotencyKey.equals(text(r, "idempotency_key"))) {
        out.add(status(r));
      }
    }
    return out;
  }

  /** Refund objects Stripe holds for this intent, however they were made. */
  long refundsOf(String paymentIntentId) {
    long n = 0;
    for (JsonElement e : control.objects().getAsJsonArray("refunds")) {
      if (paymentIntentId.equals(text(e.getAsJsonObject(), "payment_intent"))) {
        n++;
      }
    }
    return n;
  }

  /** How often the faults scoped to this reservation fired. */
  long faultsFired(String reservationId) {
    long fired = 0;
    for (JsonElement e : control.faults()) {
      JsonObject f = e.getAsJsonObject();
      if (reservationId.equals(text(f.getAsJsonObject("rule"), "metadataValue"))) {
        fired += f.get("fired").getAsLong();
      }
    }
    return fired;
  }

  private static boolean executed(JsonObject request) {
    return status(request) == 200 && !replayed(request);
  }

  private static boolean replayed(JsonObject request) {
    return request.has("replayed") && !request.get("replayed").isJsonNull()
        && request.get("replayed").getAsBoolean();
  }

  private static int status(JsonObject request) {
    return request.has("status") && !request.get("status").isJsonNull()
        ? request.get("status").getAsInt() : 0;
  }

  private static String text(JsonObject object, String field) {
    return object.has(field) && object.get(field).isJsonPrimitive()
        ? object.get(field).getAsString() : "";
  }
}
