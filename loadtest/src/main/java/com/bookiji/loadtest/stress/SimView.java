package com.bookiji.loadtest.stress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One reading of the simulator (its objects and request log), for a scenario's own money assertions. */
public final class SimView {

  private final Map<String, List<JsonNode>> intentsByReservation = new HashMap<>();
  private final Map<String, JsonNode> intentById = new HashMap<>();
  private final Map<String, Integer> executed = new HashMap<>();

  private SimView() {}

  public static SimView read(StressApi api) throws Exception {
    SimView v = new SimView();
    var intents = api.sim("GET", "/_sim/payment_intents", null);
    StressApi.expectOk(intents, "GET /_sim/payment_intents");
    for (JsonNode pi : intents.json()) {
      v.intentById.put(pi.path("id").asString(), pi);
      v.intentsByReservation.computeIfAbsent(pi.path("metadata").path("reservation_id").asString(""), k -> new ArrayList<>()).add(pi);
    }
    var requests = api.sim("GET", "/_sim/requests?method=POST&path_prefix=/v1/", null);
    StressApi.expectOk(requests, "GET /_sim/requests");
    for (JsonNode r : requests.json()) {
      if (applied(r)) {
        String path = r.path("path").asString("");
        v.executed.merge(path, 1, Integer::sum);
      }
    }
    return v;
  }

  /**
   * A request Stripe carried out: answered 2xx, or applied with its response lost (the client saw a
   * failure); an idempotent replay carries nothing out.
   */
  static boolean applied(JsonNode request) {
    return !request.path("replayed").asBoolean(false)
        && (request.path("status").asInt() / 100 == 2 || "APPLIED_RESPONSE_LOST".equals(request.path("fault").asString("")));
  }

  public List<JsonNode> intents(String reservationId) {
    return intentsByReservation.getOrDefault(reservationId, List.of());
  }

  public JsonNode intent(String id) {
    return intentById.get(id);
  }

  /** Requests to {@code path} Stripe executed (2xx, not an idempotent replay). */
  public int executed(String path) {
    return executed.getOrDefault(path, 0);
  }

  public int captures(String intentId) {
    return executed("/v1/payment_intents/" + intentId + "/capture");
  }

  public int cancels(String intentId) {
    return executed("/v1/payment_intents/" + intentId + "/cancel");
  }

  public long captured(String reservationId) {
    return intents(reservationId).stream().mapToLong(pi -> pi.path("amount_received").asLong(0)).sum();
  }

  public long netCaptured(String reservationId) {
    return intents(reservationId).stream().mapToLong(SimView::netCaptured).sum();
  }

  /**
   * Captured minus refunded. A cancelled authorization's charge also reads "refunded" (the hold was
   * released) though nothing was captured, so a refund only counts against money received.
   */
  static long netCaptured(JsonNode pi) {
    long received = pi.path("amount_received").asLong(0);
    return received - Math.min(received, pi.path("latest_charge").path("amount_refunded").asLong(0));
  }

  public boolean anyOpenAuthorization(String reservationId) {
    return intents(reservationId).stream().anyMatch(pi -> "requires_capture".equals(pi.path("status").asString()));
  }

  /**
   * The money side of a reservation that ended: CONFIRMED → one intent captured once for the price;
   * anything else → nothing captured net and no authorization open. Returns the violation or null.
   */
  public String moneyViolation(String reservationId, String state) {
    List<JsonNode> intents = intents(reservationId);
    if ("CONFIRMED".equals(state)) {
      long capturedIntents = intents.stream().filter(pi -> pi.path("amount_received").asLong(0) > 0).count();
      if (capturedIntents != 1) {
        return reservationId + " CONFIRMED with " + capturedIntents + " captured intents";
      }
      for (JsonNode pi : intents) {
        int n = captures(pi.path("id").asString());
        if (pi.path("amount_received").asLong(0) > 0 && n != 1) {
          return reservationId + " CONFIRMED: " + pi.path("id").asString() + " captured " + n + " times";
        }
      }
      if (captured(reservationId) != StressApi.PRICE) {
        return reservationId + " CONFIRMED: captured " + captured(reservationId) + ", price " + StressApi.PRICE;
      }
      return null;
    }
    if (netCaptured(reservationId) != 0 && !"CANCELLED".equals(state)) {
      return reservationId + " ended " + state + " with " + netCaptured(reservationId) + " captured and not refunded";
    }
    if (netCaptured(reservationId) != 0) {
      return reservationId + " CANCELLED with " + netCaptured(reservationId) + " captured and not refunded";
    }
    if (anyOpenAuthorization(reservationId)) {
      return reservationId + " ended " + state + " with its authorization still open at Stripe";
    }
    return null;
  }
}
