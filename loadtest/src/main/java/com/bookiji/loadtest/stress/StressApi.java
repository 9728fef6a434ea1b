package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.StackApi;
import com.bookiji.loadtest.StackApi.Reply;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * The human steps, through the public APIs only: vendors create slots, requesters reserve and
 * confirm their card at the simulator (as Stripe.js would), vendors decide. Each run uses fresh
 * vendor and requester ids, so runs never see each other's data.
 */
public final class StressApi {

  public static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "EXPIRED", "FAILED_PAYMENT",
      "FAILED_VENDOR_DECLINED", "FAILED_AVAILABILITY_CHANGED", "FAILED_COMMIT", "CANCELLED");
  public static final long PRICE = 4200;

  private final StressStack stack;
  private final StackApi http;
  private final TokenMinter minter;
  private final String runId;
  private final AtomicInteger slotHour = new AtomicInteger();
  private final StrayMessages strays;

  public StressApi(StressStack stack, ExecutorService executor, String runId) throws IOException {
    this.stack = stack;
    this.http = new StackApi(executor);
    this.minter = new TokenMinter(stack.jwtSecret());
    this.runId = runId;
    this.strays = new StrayMessages(stack);
  }

  /** Messages published behind the services' back (and whose dead letters are therefore expected). */
  public StrayMessages strays() { return strays; }

  public StackApi http() { return http; }

  public StressStack stack() { return stack; }

  public String token(String subject, Role role) {
    return minter.mint(subject, role, Instant.now(), Instant.now().plus(Duration.ofHours(6)));
  }

  public String ops() { return token("stress-oncall", Role.OPS); }

  public String newVendor(String testId) {
    return "stress-" + runId + "-" + testId.replace('.', '_') + "-v" + UUID.randomUUID().toString().substring(0, 6);
  }

  public String newRequester(String testId) {
    return "stress-" + runId + "-" + testId.replace('.', '_') + "-r" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** {@code count} consecutive 30-minute slots of one vendor, far in the future, through the batch API. */
  public List<String> createSlots(String vendorId, int count) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    Instant base = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)
        .plus(slotHour.getAndAdd(count + 1) , ChronoUnit.HOURS);
    for (int from = 0; from < count; from += 200) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 200); i++) {
        Instant start = base.plus(i * 30L, ChronoUnit.MINUTES);
        batch.add(Map.of("startsAt", start.toString(), "endsAt", start.plus(30, ChronoUnit.MINUTES).toString(),
            "timeZone", "Europe/Berlin", "priceAmountMinor", PRICE, "currency", "EUR"));
      }
      Reply r = http.postJsonSlow(stack.availabilityUrl() + "/vendors/" + vendorId + "/slots/batch",
          token(vendorId, Role.VENDOR), Map.of("slots", batch));
      if (!r.ok()) {
        throw new IllegalStateException("creating slots for " + vendorId + ": " + r.describe() + " " + r.body());
      }
      for (JsonNode s : r.json()) {
        ids.add(s.path("id").asString());
      }
    }
    return ids;
  }

  public Reply reserve(String requester, String slotId, String idempotencyKey) throws IOException, InterruptedException {
    return http.postJson(stack.reservationUrl() + "/reservations", token(requester, Role.REQUESTER),
        Map.of("slotId", slotId), Map.of("Idempotency-Key", idempotencyKey));
  }

  /** Reserves and returns the reservation id (fails the test on any refusal). */
  public String reserveOk(String requester, String slotId) throws IOException, InterruptedException {
    Reply r = reserve(requester, slotId, UUID.randomUUID().toString());
    if (!r.ok()) {
      throw new AssertionError("POST /reservations for slot " + slotId + ": " + r.describe() + " " + r.body());
    }
    return r.json().path("id").asString();
  }

  public JsonNode reservation(String id) throws IOException, InterruptedException {
    Reply r = http.get(stack.reservationUrl() + "/reservations/" + id, ops());
    if (!r.ok()) {
      throw new IllegalStateException("GET /reservations/" + id + ": " + r.describe());
    }
    return r.json();
  }

  public String state(String id) throws IOException, InterruptedException {
    return reservation(id).path("state").asString();
  }

  /** The client secret, which only the requester sees, once payment-service created the intent. */
  public String awaitClientSecret(String requester, String id, Duration within) throws Exception {
    return Wait.until("client secret of " + id, within, () -> {
      Reply r = http.get(stack.reservationUrl() + "/reservations/" + id, token(requester, Role.REQUESTER));
      String secret = r.ok() ? r.json().path("payment").path("clientSecret").asString("") : "";
      if (r.ok() && r.json().path("terminal").asBoolean(false)) {
        throw new AssertionError("reservation " + id + " ended " + r.json().path("state").asString() + " before its payment was created");
      }
      return secret.isEmpty() ? null : secret;
    });
  }

  public static String intentOf(String clientSecret) {
    return clientSecret.substring(0, clientSecret.indexOf("_secret_"));
  }

  /** The requester confirms the card at the simulator with the publishable key, as Stripe.js does. */
  public Reply confirmCard(String clientSecret, String paymentMethod) throws IOException, InterruptedException {
    return http.send("POST", stack.simulatorUrl() + "/v1/payment_intents/" + intentOf(clientSecret) + "/confirm",
        StressStack.SIM_PUBLISHABLE_KEY, "application/x-www-form-urlencoded",
        StackApi.form(Map.of("client_secret", clientSecret, "payment_method", paymentMethod)), Map.of());
  }

  public Reply vendorDecision(String vendorId, String id, String decision) throws IOException, InterruptedException {
    return http.postJson(stack.reservationUrl() + "/reservations/" + id + "/vendor-decision", token(vendorId, Role.VENDOR),
        Map.of("decision", decision, "reason", "stress suite"), Map.of());
  }

  public Reply blockSlot(String vendorId, String slotId) throws IOException, InterruptedException {
    return http.postJson(stack.availabilityUrl() + "/vendors/" + vendorId + "/slots/" + slotId + "/block",
        token(vendorId, Role.VENDOR), Map.of(), Map.of());
  }

  /** A reservation driven to CONFIRMED's doorstep: reserved, card confirmed, vendor confirmed. */
  public String bookHappily(String vendorId, String requester, String slotId) throws Exception {
    String id = reserveOk(requester, slotId);
    String secret = awaitClientSecret(requester, id, Duration.ofSeconds(90));
    expectOk(confirmCard(secret, "pm_card_visa"), "confirm card of " + id);
    expectOk(vendorDecision(vendorId, id, "CONFIRM"), "vendor confirms " + id);
    return id;
  }

  public static void expectOk(Reply r, String what) {
    if (!r.ok()) {
      throw new AssertionError(what + ": " + r.describe() + " " + r.body());
    }
  }

  /** Waits until every reservation is terminal; returns id → state. */
  public Map<String, String> awaitTerminal(List<String> ids, Duration within) throws Exception {
    return awaitStates(ids, within, TERMINAL::contains);
  }

  public Map<String, String> awaitStates(List<String> ids, Duration within, Predicate<String> done) throws Exception {
    Map<String, String> states = new LinkedHashMap<>();
    Wait.until(ids.size() + " reservations to reach their end", within, () -> {
      for (String id : ids) {
        if (!states.containsKey(id) || !done.test(states.get(id))) {
          states.put(id, state(id));
        }
      }
      return states.values().stream().allMatch(done) ? states : null;
    }, () -> "states: " + states);
    return states;
  }

  // ---- the simulator's API with the secret key (what a person with Dashboard access could do) ----

  public Reply stripe(String method, String path, Map<String, String> form) throws IOException, InterruptedException {
    return http.send(method, stack.simulatorUrl() + path, StressStack.SIM_SECRET_KEY,
        "application/x-www-form-urlencoded", form == null ? null : StackApi.form(form), Map.of());
  }

  /** The simulator's control API ({@code /_sim/...}). */
  public Reply sim(String method, String path, Object jsonBody) throws IOException, InterruptedException {
    return http.send(method, stack.simulatorUrl() + path, null, "application/json",
        jsonBody == null ? null : StackApi.JSON.writeValueAsString(jsonBody), Map.of());
  }

  // ---- the reconciler's ops API ----

  public JsonNode opsGet(String path) throws IOException, InterruptedException {
    Reply r = http.get(stack.reconcilerUrl() + path, ops());
    if (!r.ok()) {
      throw new IllegalStateException("GET " + path + ": " + r.describe() + " " + r.body());
    }
    return r.json();
  }

  public Reply opsPost(String path, Object body) throws IOException, InterruptedException {
    return http.postJson(stack.reconcilerUrl() + path, ops(), body, Map.of());
  }
}
