package com.bookiji.stripesim.internal;

import com.bookiji.stripesim.FaultKind;
import com.bookiji.stripesim.FaultRule;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Stripe API surface under {@code /v1}: authentication, routing, Idempotency-Key handling, fault
 * injection, then the {@link Payments} operation, in that order. Faults act inside the idempotency
 * window (a delayed request is "in flight"), and only results of executed operations are saved.
 */
public final class ApiHandler implements HttpHandler {

  private enum KeyType { SECRET, PUBLISHABLE }

  @FunctionalInterface
  private interface Operation {
    JsonObject run(Call call);
  }

  private record Route(String method, Pattern path, boolean clientAllowed, Operation operation) {}

  /** One request, as the operations see it. */
  private record Call(Matcher match, FormParams params, KeyType keyType, Payments.RequestInfo info) {
    String id() {
      return match.group(1);
    }

    boolean publishable() {
      return keyType == KeyType.PUBLISHABLE;
    }
  }

  private static final String ID = "([A-Za-z0-9_]+)";

  private final Payments payments;
  private final WebhookEndpoints webhookEndpoints;
  private final Idempotency idempotency;
  private final Faults faults;
  private final RequestLog log;
  private final SimClock clock;
  private final String secretKey;
  private final String publishableKey;
  private final java.util.List<Route> routes;

  public ApiHandler(
      Payments payments, WebhookEndpoints webhookEndpoints, Idempotency idempotency, Faults faults, RequestLog log,
      SimClock clock, String secretKey, String publishableKey) {
    this.payments = payments;
    this.webhookEndpoints = webhookEndpoints;
    this.idempotency = idempotency;
    this.faults = faults;
    this.log = log;
    this.clock = clock;
    this.secretKey = secretKey;
    this.publishableKey = publishableKey;
    this.routes =
        java.util.List.of(
            route("POST", "/v1/payment_intents", false, c -> payments.createPaymentIntent(c.params(), c.info())),
            route("GET", "/v1/payment_intents", false, c -> payments.listPaymentIntents(c.params())),
            route("GET", "/v1/payment_intents/search", false, c -> payments.searchPaymentIntents(c.params())),
            route("GET", "/v1/payment_intents/" + ID, true,
                c -> payments.retrievePaymentIntent(c.id(), c.params(), c.publishable())),
            route("POST", "/v1/payment_intents/" + ID, false,
                c -> payments.updatePaymentIntent(c.id(), c.params(), c.info())),
            route("POST", "/v1/payment_intents/" + ID + "/confirm", true,
                c -> payments.confirmPaymentIntent(c.id(), c.params(), c.publishable(), c.info())),
            route("POST", "/v1/payment_intents/" + ID + "/capture", false,
                c -> payments.capturePaymentIntent(c.id(), c.params(), c.info())),
            route("POST", "/v1/payment_intents/" + ID + "/cancel", false,
                c -> payments.cancelPaymentIntent(c.id(), c.params(), c.info())),
            route("POST", "/v1/refunds", false, c -> payments.createRefund(c.params(), c.info())),
            route("GET", "/v1/refunds", false, c -> payments.listRefunds(c.params())),
            route("GET", "/v1/refunds/" + ID, false, c -> payments.retrieveRefund(c.id(), c.params())),
            route("POST", "/v1/refunds/" + ID, false, c -> payments.updateRefund(c.id(), c.params(), c.info())),
            route("GET", "/v1/charges", false, c -> payments.listCharges(c.params())),
            route("GET", "/v1/charges/" + ID, false, c -> payments.retrieveCharge(c.id(), c.params())),
            route("GET", "/v1/disputes", false, c -> payments.listDisputes(c.params())),
            route("GET", "/v1/disputes/" + ID, false, c -> payments.retrieveDispute(c.id())),
            route("POST", "/v1/disputes/" + ID, false, c -> payments.updateDispute(c.id(), c.params(), c.info())),
            route("POST", "/v1/disputes/" + ID + "/close", false,
                c -> payments.closeDispute(c.id(), c.params(), c.info())),
            route("GET", "/v1/events", false, c -> payments.listEvents(c.params())),
            route("GET", "/v1/events/" + ID, false, c -> payments.retrieveEvent(c.id())),
            route("POST", "/v1/webhook_endpoints", false, c -> webhookEndpoints.create(c.params())),
            route("GET", "/v1/webhook_endpoints", false, c -> webhookEndpoints.list(c.params())),
            route("GET", "/v1/webhook_endpoints/" + ID, false, c -> webhookEndpoints.retrieve(c.id())),
            route("POST", "/v1/webhook_endpoints/" + ID, false, c -> webhookEndpoints.update(c.id(), c.params())),
            route("DELETE", "/v1/webhook_endpoints/" + ID, false, c -> webhookEndpoints.delete(c.id())),
            route("GET", "/v1/payment_methods/" + ID, false, c -> payments.retrievePaymentMethod(c.id())));
  }

  private static Route route(String method, String path, boolean clientAllowed, Operation op) {
    return new Route(method, Pattern.compile(path), clientAllowed, op);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String requestId = Ids.next("req_").substring(0, 18);
    String method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
    String path = ex.getRequestURI().getRawPath();
    String idempotencyKey = ex.getRequestHeaders().getFirst("Idempotency-Key");
    RequestLog.Entry entry = log.start(requestId, clock.millis(), method, path, idempotencyKey);
    FormParams params;
    try {
      params = FormParams.parse(ex.getRequestURI().getRawQuery(), method.equals("GET") ? null : Http.body(ex));
    } catch (RuntimeException e) {
      params = FormParams.parse();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Request-Id", requestId);
    headers.put("Stripe-Version", Payments.API_VERSION);
    if (idempotencyKey != null) {
      headers.put("Idempotency-Key", idempotencyKey);
    }
    String scopeKey = null;
    boolean executed = false;
    boolean loseResponse = false;
    try {
      KeyType keyType = authenticate(ex);
      entry.keyType(keyType.name().toLowerCase(java.util.Locale.ROOT));
      Route route = null;
      Matcher match = null;
      for (Route r : routes) {
        Matcher m = r.path().matcher(path);
        if (m.matches()) {
          if (r.method().equals(method)) {
            route = r;
            match = m;
            break;
          }
        }
      }
      if (route == null) {
        throw ApiError.notFound(
            "Unrecognized request URL (" + method + ": " + path + "). Please see https://stripe.com/docs or we can"
                + " help at https://support.stripe.com/.",
            null);
      }
      if (keyType == KeyType.PUBLISHABLE && !route.clientAllowed()) {
        throw ApiError.auth("This API call cannot be made with a publishable API key. Please use a secret API key.");
      }

      // Faults that happen in front of the API (load balancer, rate limiter, network) come first:
      // the request never reaches the idempotency layer, so nothing is saved under its key.
      FormParams finalParams = params;
      Matcher finalMatch = match;
      Faults.Decision decision = faults.decide(method, path, () -> targetMetadata(path, finalMatch, finalParams));
      FaultRule terminal = decision.terminal();
      if (!decision.none()) {
        entry.fault(terminal == null ? "LATENCY" : terminal.kind().name());
      }
      if (terminal != null && terminal.kind() != FaultKind.APPLIED_RESPONSE_LOST) {
        sleep(decision.latencyMs());
        switch (terminal.kind()) {
          case HTTP_5XX -> {
            int status = terminal.status() == null ? 500 : terminal.status();
            ApiError error = new ApiError(
                status, "api_error", null, null, "An unknown error occurred (simulated HTTP " + status + ").",
                null, false, null, null);
            entry.finish(status, false);
            respond(ex, status, error.toJson().toString(), headers);
          }
          case RATE_LIMIT -> {
            int retryAfter = terminal.retryAfterSeconds() == null ? 1 : terminal.retryAfterSeconds();
            headers.put("Retry-After", String.valueOf(retryAfter));
            ApiError error = new ApiError(
                429, "invalid_request_error", "rate_limit", null,
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
                null, false, null, null);
            entry.finish(429, false);
            respond(ex, 429, error.toJson().toString(), headers);
          }
          default -> {
            entry.finish(0, false);
            Http.drop(ex);
          }
        }
        return;
      }
      // From here on the request is handled; with APPLIED_RESPONSE_LOST whatever answer it gets
      // (a replay and an error included) is lost on the way back.
      loseResponse = terminal != null;

      String fingerprint = null;
      if (idempotencyKey != null && method.equals("POST")) {
        if (idempotencyKey.length() > 255) {
          throw ApiError.invalid("Idempotency-Key is too long (at most 255 characters)", null, "idempotency_key_too_long");
        }
        scopeKey = keyType + ":" + idempotencyKey;
        fingerprint = Idempotency.fingerprint(method, path, params);
        Idempotency.Outcome outcome = idempotency.begin(scopeKey, fingerprint);
        if (outcome instanceof Idempotency.Replay replay) {
          scopeKey = null;
          sleep(decision.latencyMs());
          if (loseResponse) {
            entry.finish(0, true);
            Http.drop(ex);
            return;
          }
          headers.put("Idempotent-Replayed", "true");
          headers.put("Original-Request", replay.result().requestId);
          headers.put("Request-Id", replay.result().requestId);
          entry.finish(replay.result().status, true);
          respond(ex, replay.result().status, replay.result().body, headers);
          return;
        }
        if (outcome instanceof Idempotency.Mismatch mismatch) {
          scopeKey = null;
          throw new ApiError(
              400, "idempotency_error", null, null,
              "Keys for idempotent requests can only be used with the same parameters they were first used with."
                  + " Try using a key other than '" + idempotencyKey + "' if you meant to execute a different"
                  + " request (first used for " + mismatch.firstRequest() + ").",
              null, false, null, null);
        }
        if (outcome instanceof Idempotency.InFlight) {
          scopeKey = null;
          throw new ApiError(
              409, "invalid_request_error", "idempotency_key_in_use", null,
              "There is currently another in-progress request using this Stripe API key and idempotency key"
                  + " (which likely means you submitted twice). Please try again later.",
              null, false, null, null);
        }
      }

      // Latency is spent inside the idempotency window: the request is "in flight" meanwhile.
      sleep(decision.latencyMs());
      Call call = new Call(match, params, keyType, new Payments.RequestInfo(requestId, idempotencyKey));
      int status;
      String body;
      boolean store;
      try {
        JsonObject result = route.operation().run(call);
        status = 200;
        body = result.toString();
        store = true;
      } catch (ApiError e) {
        status = e.status;
        body = e.toJson().toString();
        store = e.storedForIdempotency;
      }
      executed = true;
      if (scopeKey != null) {
        if (store) {
          idempotency.complete(scopeKey, fingerprint, method, path, status, body, requestId);
        } else {
          idempotency.abandon(scopeKey);
        }
        scopeKey = null;
      }
      if (loseResponse) {
        entry.finish(0, false);
        Http.drop(ex);
        return;
      }
      entry.finish(status, false);
      respond(ex, status, body, headers);
    } catch (ApiError e) {
      abandon(scopeKey);
      if (loseResponse) {
        entry.finish(0, false);
        Http.drop(ex);
        return;
      }
      entry.finish(e.status, false);
      respond(ex, e.status, e.toJson().toString(), headers);
    } catch (Http.DropConnection e) {
      throw e;
    } catch (RuntimeException e) {
      if (!executed) {
        abandon(scopeKey);
      }
      entry.finish(500, false);
      ApiError error = new ApiError(500, "api_error", null, null, "Simulator failure: " + e, null, false, null, null);
      respond(ex, 500, error.toJson().toString(), headers);
    }
  }

  private void abandon(String scopeKey) {
    if (scopeKey != null) {
      idempotency.abandon(scopeKey);
    }
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The metadata a metadata-scoped fault rule looks at: the request's own, then its target intent's. */
  private Map<String, String> targetMetadata(String path, Matcher match, FormParams params) {
    Map<String, String> out = new LinkedHashMap<>();
    String piId = null;
    if (path.startsWith("/v1/payment_intents/") && match.groupCount() >= 1) {
      piId = match.group(1);
    } else if (path.startsWith("/v1/refunds")) {
      piId = params.string("payment_intent");
      if (piId == null && params.string("charge") != null) {
        piId = payments.paymentIntentOfCharge(params.string("charge"));
      }
    }
    if (piId != null) {
      out.putAll(payments.metadataOf(piId));
    }
    Map<String, String> own = params.stringMap("metadata");
    if (own != null) {
      out.putAll(own);
    }
    return out;
  }

  private KeyType authenticate(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null || header.isBlank()) {
      throw ApiError.auth(
          "You did not provide an API key. You need to provide your API key in the Authorization header, using"
              + " Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    String key;
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = header.substring(7).trim();
    } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      key = colon >= 0 ? decoded.substring(0, colon) : decoded;
    } else {
      key = header.trim();
    }
    if (key.equals(secretKey)) {
      return KeyType.SECRET;
    }
    if (key.equals(publishableKey)) {
      return KeyType.PUBLISHABLE;
    }
    throw ApiError.auth("Invalid API Key provided: " + redact(key));
  }

  private static String redact(String key) {
    if (key.length() <= 12) {
      return "*".repeat(key.length());
    }
    return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
  }

  private static void respond(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    Http.send(ex, status, body);
  }
}
