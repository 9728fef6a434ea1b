package com.bookiji.stripesim.internal;

import com.bookiji.stripesim.FaultRule;
import com.bookiji.stripesim.WebhookFaultRule;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/** The simulator's own control and inspection API under {@code /_sim} (JSON in, JSON out, no auth). */
public final class ControlHandler implements HttpHandler {

  /** Operations the control API needs from the running simulator. */
  public interface Simulator {
    Payments payments();

    Faults faults();

    Webhooks webhooks();

    RequestLog requestLog();

    SimClock clock();

    Store store();

    Records.WebhookEndpoint addWebhookEndpoint(String url, String secret);

    void reset();
  }

  private final Simulator sim;

  public ControlHandler(Simulator sim) {
    this.sim = sim;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getPath();
    String[] seg = path.replaceAll("/+$", "").split("/");
    // seg[0] = "", seg[1] = "_sim"
    String resource = seg.length > 2 ? seg[2] : "";
    String id = seg.length > 3 ? seg[3] : null;
    FormParams query = FormParams.parse(ex.getRequestURI().getRawQuery());
    try {
      String body = Http.body(ex);
      JsonElement result = dispatch(method, resource, id, seg, query, body);
      Http.send(ex, 200, result.toString());
    } catch (ApiError e) {
      Http.send(ex, e.status, e.toJson().toString());
    } catch (RuntimeException e) {
      ApiError error = ApiError.invalid("Bad control request: " + e.getMessage(), null, null);
      Http.send(ex, 400, error.toJson().toString());
    }
  }

  private JsonElement dispatch(String method, String resource, String id, String[] seg, FormParams query, String body) {
    switch (method + " " + resource) {
      case "GET health":
        return status("ok");
      case "POST faults": {
        FaultRule rule = Store.GSON.fromJson(json(body), FaultRule.class);
        return Store.GSON.toJsonTree(sim.faults().add(rule));
      }
      case "GET faults":
        return Store.GSON.toJsonTree(sim.faults().describe());
      case "DELETE faults":
        if (id == null) {
          sim.faults().clearApiRules();
          return status("cleared");
        }
        return removed(sim.faults().remove(id), id);
      case "POST webhook-faults": {
        WebhookFaultRule rule = Store.GSON.fromJson(json(body), WebhookFaultRule.class);
        return Store.GSON.toJsonTree(sim.faults().add(rule));
      }
      case "GET webhook-faults":
        return Store.GSON.toJsonTree(sim.faults().describeWebhook());
      case "DELETE webhook-faults":
        if (id == null) {
          sim.faults().clearWebhookRules();
          return status("cleared");
        }
        return removed(sim.faults().remove(id), id);
      case "POST webhook-endpoints": {
        JsonObject o = json(body);
        if (!o.has("url")) {
          throw ApiError.missing("url");
        }
        String secret = o.has("secret") && !o.get("secret").isJsonNull() ? o.get("secret").getAsString() : null;
        return endpointJson(sim.addWebhookEndpoint(o.get("url").getAsString(), secret));
      }
      case "GET webhook-endpoints": {
        JsonArray out = new JsonArray();
        synchronized (sim.store()) {
          sim.store().endpoints.values().forEach(e -> out.add(endpointJson(e)));
        }
        return out;
      }
      case "DELETE webhook-endpoints": {
        if (id == null) {
          java.util.List<String> ids;
          synchronized (sim.store()) {
            ids = new java.util.ArrayList<>(sim.store().endpoints.keySet());
          }
          ids.forEach(sim.store()::deleteEndpoint);
          return status("cleared");
        }
        boolean present;
        synchronized (sim.store()) {
          present = sim.store().endpoints.containsKey(id);
        }
        sim.store().deleteEndpoint(id);
        return removed(present, id);
      }
      case "GET webhook-deliveries":
        return sim.webhooks().deliveriesJson();
      case "POST reset":
        sim.reset();
        return status("reset");
      case "GET payment_intents":
        return sim.payments().allPaymentIntents();
      case "GET objects":
        return sim.payments().allObjects();
      case "GET requests":
        return sim.requestLog().toJson(query.string("method"), query.string("path_prefix"), query.string("idempotency_key"));
      case "POST payment_intents": {
        if (id == null || seg.length < 5 || !seg[4].equals("authentication")) {
          break;
        }
        JsonObject o = json(body);
        String outcome = o.has("outcome") ? o.get("outcome").getAsString() : "succeed";
        if (!outcome.equals("succeed") && !outcome.equals("fail")) {
          throw ApiError.invalid("outcome must be 'succeed' or 'fail'", "outcome", "parameter_invalid_string");
        }
        return sim.payments().completeAuthentication(id, outcome.equals("succeed"));
      }
      case "GET clock":
        return clockJson();
      case "POST clock": {
        if (!"advance".equals(id)) {
          break;
        }
        JsonObject o = json(body);
        long millis = 0;
        if (o.has("seconds")) {
          millis += o.get("seconds").getAsLong() * 1000;
        }
        if (o.has("millis")) {
          millis += o.get("millis").getAsLong();
        }
        if (millis < 0) {
          throw ApiError.invalid("The clock only moves forward", "seconds", null);
        }
        sim.store().saveClockOffset(sim.clock().advance(Duration.ofMillis(millis)));
        return clockJson();
      }
      case "POST expire-authorizations": {
        JsonObject o = new JsonObject();
        o.addProperty("expired", sim.payments().expireAuthorizations());
        return o;
      }
      default:
        break;
    }
    throw ApiError.notFound("Unrecognized simulator control URL (" + method + ": /_sim/" + resource + ")", null);
  }

  private JsonObject clockJson() {
    JsonObject o = new JsonObject();
    o.addProperty("now_millis", sim.clock().millis());
    o.addProperty("now", sim.clock().instant().toString());
    o.addProperty("offset_millis", sim.clock().offsetMillis());
    return o;
  }

  private static JsonObject endpointJson(Records.WebhookEndpoint e) {
    JsonObject o = new JsonObject();
    o.addProperty("id", e.id);
    o.addProperty("url", e.url);
    o.addProperty("secret", e.secret);
    o.addProperty("created", e.created);
    return o;
  }

  private static JsonObject json(String body) {
    if (body == null || body.isBlank()) {
      return new JsonObject();
    }
    return JsonParser.parseString(body).getAsJsonObject();
  }

  private static JsonObject status(String status) {
    JsonObject o = new JsonObject();
    o.addProperty("status", status);
    return o;
  }

  private static JsonObject removed(boolean present, String id) {
    if (!present) {
      throw ApiError.notFound("No such rule or endpoint: '" + id + "'", "id");
    }
    JsonObject o = new JsonObject();
    o.addProperty("id", id);
    o.addProperty("deleted", true);
    return o;
  }
}
