package com.bookiji.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Books reservations end to end through the public API, as a frontend would: a vendor publishes
 * slots, a requester reserves one (with an Idempotency-Key), the card is confirmed at the (simulated)
 * Stripe with the publishable key and the client secret, the vendor decides, and the reservation is
 * polled to a terminal state. Three scenarios: confirmed, declined by the vendor, card declined.
 */
final class Demo {

  enum Scenario {
    CONFIRMED("pm_card_visa", "CONFIRM", "CONFIRMED"),
    VENDOR_DECLINES("pm_card_visa", "DECLINE", "FAILED_VENDOR_DECLINED"),
    CARD_DECLINED("pm_card_chargeDeclined", null, "FAILED_PAYMENT");

    final String paymentMethod;
    final String vendorDecision;
    final String expectedState;

    Scenario(String paymentMethod, String vendorDecision, String expectedState) {
      this.paymentMethod = paymentMethod;
      this.vendorDecision = vendorDecision;
      this.expectedState = expectedState;
    }
  }

  record Outcome(Scenario scenario, String reservationId, String finalState, List<String> timeline) {
    boolean asExpected() {
      return scenario.expectedState.equals(finalState);
    }
  }

  static final Set<String> TERMINAL = Set.of("CONFIRMED", "REJECTED", "EXPIRED", "FAILED_PAYMENT",
      "FAILED_VENDOR_DECLINED", "FAILED_AVAILABILITY_CHANGED", "FAILED_COMMIT", "CANCELLED");

  private final StackLayout layout;
  private final PrintStream out;
  private final Duration deadline;
  private final String jwtSecret;
  private final String vendorId = "demo-vendor-" + UUID.randomUUID().toString().substring(0, 8);
  private final String requesterId = "demo-requester";

  Demo(StackLayout layout, PrintStream out) throws IOException {
    this(layout, out, Duration.ofSeconds(120));
  }

  Demo(StackLayout layout, PrintStream out, Duration deadline) throws IOException {
    this.layout = layout;
    this.out = out;
    this.deadline = deadline;
    this.jwtSecret = layout.jwtSecret();
  }

  int run() throws Exception {
    for (int port : List.of(Stack.RESERVATION_PORT, Stack.AVAILABILITY_PORT, Stack.SIMULATOR_PORT)) {
      if (Stack.portFree(layout.port(port))) {
        out.println("Nothing listens on " + layout.url(port) + ": start the stack first (./bookiji up"
            + (layout.stateDir().equals(layout.repo().resolve(".bookiji")) ? "" : " --state-dir " + layout.stateDir()) + ").");
        return LocalStack.FAILED;
      }
    }
    out.println("Demo against " + layout.url(Stack.RESERVATION_PORT) + " (vendor " + vendorId + ")");
    List<Outcome> outcomes = new ArrayList<>();
    int hour = 0;
    for (Scenario s : Scenario.values()) {
      outcomes.add(book(s, hour++));
    }
    out.println();
    out.println("Summary:");
    boolean allAsExpected = true;
    for (Outcome o : outcomes) {
      out.printf("  %-16s %s -> %s%s%n", o.scenario(), o.reservationId(), o.finalState(),
          o.asExpected() ? "" : "   (expected " + o.scenario().expectedState + ")");
      allAsExpected &= o.asExpected();
    }
    return allAsExpected ? LocalStack.OK : LocalStack.FAILED;
  }

  /** One reservation from slot to terminal state; {@code slotHour} keeps the demo's slots apart. */
  Outcome book(Scenario scenario, int slotHour) throws Exception {
    out.println();
    out.println("== " + scenario + ": card " + scenario.paymentMethod
        + (scenario.vendorDecision == null ? ", the vendor does not answer" : ", vendor " + scenario.vendorDecision));
    String vendor = token(vendorId, "VENDOR");
    String requester = token(requesterId, "REQUESTER");

    Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plus(slotHour, ChronoUnit.HOURS);
    ObjectNode slot = Http.JSON.createObjectNode()
        .put("startsAt", start.toString())
        .put("endsAt", start.plus(45, ChronoUnit.MINUTES).toString())
        .put("timeZone", "Europe/Berlin")
        .put("priceAmountMinor", 4500)
        .put("currency", "EUR");
    Http.Response created = Http.postJson(layout.url(Stack.AVAILABILITY_PORT) + "/vendors/" + vendorId + "/slots",
        slot, bearer(vendor));
    require(created, "create a slot");
    String slotId = text(created.json(), "id", "slotId").orElseThrow();
    out.println("  vendor created slot " + slotId + " at " + start);

    Http.Response reserved = Http.postJson(layout.url(Stack.RESERVATION_PORT) + "/reservations",
        Http.JSON.createObjectNode().put("slotId", slotId),
        with(bearer(requester), "Idempotency-Key", UUID.randomUUID().toString()));
    require(reserved, "reserve the slot");
    String reservationId = text(reserved.json(), "reservationId", "id").orElseThrow();
    out.println("  requester reserved it: reservation " + reservationId + " " + text(reserved.json(), "state", "status").orElse(""));

    // The payment intent appears once the slot is held and payment-service has created it.
    JsonNode view = pollUntil(reservationId, requester,
        v -> clientSecret(v).isPresent() || TERMINAL.contains(state(v)), "a payment client secret");
    Optional<String> secret = clientSecret(view);
    if (secret.isPresent()) {
      String intentId = secret.get().substring(0, secret.get().indexOf("_secret_"));
      Http.Response confirmed = Http.postForm(layout.url(Stack.SIMULATOR_PORT) + "/v1/payment_intents/" + intentId + "/confirm",
          Map.of("client_secret", secret.get(), "payment_method", scenario.paymentMethod),
          bearer(Stack.SIM_PUBLISHABLE_KEY));
      out.println("  card confirmed at the simulator: " + intentId + " -> "
          + (confirmed.ok() ? text(confirmed.json(), "status").orElse("?")
              : "HTTP " + confirmed.status() + " " + text(confirmed.json(), "decline_code", "code").orElse(confirmed.body())));
    }
    if (secret.isPresent() && scenario.vendorDecision != null) {
      Http.Response decided = Http.postJson(layout.url(Stack.RESERVATION_PORT) + "/reservations/" + reservationId + "/vendor-decision",
          Http.JSON.createObjectNode().put("decision", scenario.vendorDecision).put("reason", "demo"), bearer(vendor));
      out.println("  vendor decision " + scenario.vendorDecision + ": HTTP " + decided.status()
          + (decided.ok() ? "" : " " + decided.body()));
    }

    JsonNode last = pollUntil(reservationId, requester, v -> TERMINAL.contains(state(v)), "a terminal state");
    String finalState = state(last);
    List<String> timeline = timeline(reservationId, last);
    out.println("  final state: " + finalState);
    out.println("  timeline:");
    timeline.forEach(line -> out.println("    " + line));
    return new Outcome(scenario, reservationId, finalState, timeline);
  }

  private JsonNode pollUntil(String reservationId, String token, java.util.function.Predicate<JsonNode> done, String what)
      throws Exception {
    long until = System.nanoTime() + deadline.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < until) {
      Http.Response r = Http.get(layout.url(Stack.RESERVATION_PORT) + "/reservations/" + reservationId, bearer(token));
      if (r.ok()) {
        last = r.json();
        if (done.test(last)) {
          return last;
        }
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("reservation " + reservationId + " did not reach " + what + " within "
        + deadline.toSeconds() + " s; last seen: " + last);
  }

  /**
   * The reservation's own timeline (its state transitions), then every message the reconciler
   * observed for it across all topics.
   */
  private List<String> timeline(String reservationId, JsonNode view) throws Exception {
    List<String> lines = new ArrayList<>();
    JsonNode own = view.path("timeline");
    Instant t0 = null;
    for (JsonNode e : own) {
      Instant at = Instant.parse(e.path("at").asText());
      t0 = t0 == null ? at : t0;
      lines.add(String.format("+%7.3fs  %-24s -> %-24s %s%s", seconds(t0, at), e.path("fromState").asText("-"),
          e.path("toState").asText(), e.path("trigger").asText(""),
          e.path("note").isMissingNode() || e.path("note").isNull() ? "" : "  (" + e.path("note").asText() + ")"));
    }
    if (!own.isArray() || own.isEmpty()) {
      lines.add("(the reservation has no timeline)");
    }
    Http.Response lifecycle = reconcilerLifecycle(reservationId, view.path("state").asText());
    if (lifecycle.ok()) {
      lines.add("messages observed by the reconciler:");
      Instant m0 = null;
      for (JsonNode m : lifecycle.json().path("messages")) {
        Instant at = Instant.parse(m.path("occurredAt").asText(m.path("observedAt").asText()));
        m0 = m0 == null ? at : m0;
        lines.add(String.format("+%7.3fs  %-22s %s", seconds(m0, at), m.path("topic").asText(), m.path("eventType").asText()));
      }
    } else {
      lines.add("(reconciler lifecycle: HTTP " + lifecycle.status() + ")");
    }
    return lines;
  }

  /**
   * The reconciler consumes asynchronously: give it a few seconds to observe the reservation's final
   * state change before printing what it saw.
   */
  private Http.Response reconcilerLifecycle(String reservationId, String finalState) throws Exception {
    String url = layout.url(Stack.RECONCILER_PORT) + "/ops/reservations/" + reservationId + "/lifecycle";
    Map<String, String> auth = bearer(token("demo-oncall", "OPS"));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Http.Response r = Http.get(url, auth);
    while (System.nanoTime() < until && !(r.ok() && observedState(r.json(), finalState))) {
      Thread.sleep(250);
      r = Http.get(url, auth);
    }
    return r;
  }

  private static boolean observedState(JsonNode lifecycle, String state) {
    for (JsonNode m : lifecycle.path("messages")) {
      if (state.equals(m.path("payload").path("state").asText())) {
        return true;
      }
    }
    return false;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  static String state(JsonNode view) {
    return text(view, "state", "status").orElse("");
  }

  static Optional<String> clientSecret(JsonNode view) {
    return text(view, "clientSecret", "paymentClientSecret", "client_secret").filter(s -> s.contains("_secret_"));
  }

  /** The first text value of any of {@code names}, searched at the top level and then anywhere. */
  static Optional<String> text(JsonNode node, String... names) {
    JsonNode found = first(node, names);
    return found == null || found.isNull() || found.asText().isEmpty() ? Optional.empty() : Optional.of(found.asText());
  }

  private static JsonNode first(JsonNode node, String... names) {
    if (node == null) {
      return null;
    }
    for (String n : names) {
      if (node.has(n) && !node.get(n).isNull()) {
        return node.get(n);
      }
    }
    for (String n : names) {
      JsonNode deep = node.findValue(n);
      if (deep != null && !deep.isNull()) {
        return deep;
      }
    }
    return null;
  }

  private String token(String subject, String role) {
    return Jwt.mint(jwtSecret, subject, role, Duration.ofHours(1));
  }

  private static Map<String, String> bearer(String token) {
    return Http.headers("Authorization", "Bearer " + token);
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> m = new java.util.LinkedHashMap<>(headers);
    m.put(name, value);
    return m;
  }

  private static void require(Http.Response r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException("could not " + what + ": " + r);
    }
  }
}
