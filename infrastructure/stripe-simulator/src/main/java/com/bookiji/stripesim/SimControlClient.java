package com.bookiji.stripesim;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small Java client for the simulator's {@code /_sim} control API (in-process or remote). */
public final class SimControlClient {

  private static final Gson GSON = new GsonBuilder().create();

  private final String baseUrl;
  private final HttpClient http;

  public SimControlClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Adds an API fault rule; returns it with its id. */
  public FaultRule addFault(FaultRule rule) {
    return GSON.fromJson(call("POST", "/_sim/faults", GSON.toJson(rule)), FaultRule.class);
  }

  public void clearFaults() {
    call("DELETE", "/_sim/faults", null);
  }

  public void removeFault(String id) {
    call("DELETE", "/_sim/faults/" + id, null);
  }

  /** Each rule with how often it fired: {@code [{"rule":{...},"fired":n,"remaining":n}]}. */
  public JsonArray faults() {
    return call("GET", "/_sim/faults", null).getAsJsonArray();
  }

  public WebhookFaultRule addWebhookFault(WebhookFaultRule rule) {
    return GSON.fromJson(call("POST", "/_sim/webhook-faults", GSON.toJson(rule)), WebhookFaultRule.class);
  }

  public void clearWebhookFaults() {
    call("DELETE", "/_sim/webhook-faults", null);
  }

  /** Registers a webhook endpoint (secret null = the configured default); returns its id. */
  public String addWebhookEndpoint(String url, String secret) {
    JsonObject body = new JsonObject();
    body.addProperty("url", url);
    if (secret != null) {
      body.addProperty("secret", secret);
    }
    return call("POST", "/_sim/webhook-endpoints", body.toString()).getAsJsonObject().get("id").getAsString();
  }

  public void removeWebhookEndpoint(String id) {
    call("DELETE", "/_sim/webhook-endpoints/" + id, null);
  }

  /** Removes every webhook endpoint, the configured ones included. */
  public void removeWebhookEndpoints() {
    call("DELETE", "/_sim/webhook-endpoints", null);
  }

  /** Every delivery attempt: event_id, event_type, endpoint_id, attempt, status, outcome. */
  public JsonArray webhookDeliveries() {
    return call("GET", "/_sim/webhook-deliveries", null).getAsJsonArray();
  }

  /** Forgets every object, fault, request and delivery; webhook endpoints stay registered. */
  public void reset() {
    call("POST", "/_sim/reset", null);
  }

  public JsonArray paymentIntents() {
    return call("GET", "/_sim/payment_intents", null).getAsJsonArray();
  }

  /** Intents, charges, refunds and events. */
  public JsonObject objects() {
    return call("GET", "/_sim/objects", null).getAsJsonObject();
  }

  /** Every API request: request_id, method, path, idempotency_key, status, replayed, fault, in_flight. */
  public JsonArray requests() {
    return call("GET", "/_sim/requests", null).getAsJsonArray();
  }

  public JsonArray requests(String method, String pathPrefix) {
    return call(
            "GET",
            "/_sim/requests?method=" + enc(method) + "&path_prefix=" + enc(pathPrefix),
            null)
        .getAsJsonArray();
  }

  /** Plays the customer finishing (or failing) 3-D Secure; returns the PaymentIntent JSON. */
  public JsonObject completeAuthentication(String paymentIntentId, boolean succeed) {
    JsonObject body = new JsonObject();
    body.addProperty("outcome", succeed ? "succeed" : "fail");
    return call("POST", "/_sim/payment_intents/" + paymentIntentId + "/authentication", body.toString())
        .getAsJsonObject();
  }

  /** Moves the simulator clock forward (authorization expiry, idempotency TTL, timestamps). */
  public void advanceClock(Duration by) {
    JsonObject body = new JsonObject();
    body.addProperty("millis", by.toMillis());
    call("POST", "/_sim/clock/advance", body.toString());
  }

  /** Runs the authorization-expiry sweep now; returns how many intents it canceled. */
  public int expireAuthorizations() {
    return call("POST", "/_sim/expire-authorizations", null).getAsJsonObject().get("expired").getAsInt();
  }

  private static String enc(String s) {
    return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonElement call(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("simulator control " + method + " " + path + " -> " + response.statusCode() + ": " + response.body());
      }
      return JsonParser.parseString(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
