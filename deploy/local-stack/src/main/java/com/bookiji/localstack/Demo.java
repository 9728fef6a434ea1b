package com.bookiji.localstack;

import com.bookiji.platform.client.BookingClient;
import com.bookiji.platform.client.NewSlot;
import com.bookiji.platform.client.ProblemException;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.Slot;
import com.bookiji.platform.client.StatusRead;
import com.bookiji.platform.client.StripeJs;
import com.bookiji.platform.client.VendorDecision;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Books reservations end to end through the public API, as a frontend would: a vendor publishes
 * slots, a requester reserves one (with an Idempotency-Key), the card is confirmed at the (simulated)
 * Stripe with the publishable key and the client secret, the vendor decides, and the reservation is
 * polled to a terminal state. Three scenarios: confirmed, declined by the vendor, card declined.
 */
final class Demo {

  enum Scenario {
    CONFIRMED("pm_card_visa", VendorDecision.CONFIRM, "CONFIRMED"),
    VENDOR_DECLINES("pm_card_visa", VendorDecision.DECLINE, "FAILED_VENDOR_DECLINED"),
    CARD_DECLINED("pm_card_chargeDeclined", null, "FAILED_PAYMENT");

    final String paymentMethod;
    final VendorDecision vendorDecision;
    final String expectedState;

    Scenario(String paymentMethod, VendorDecision vendorDecision, String expectedState) {
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

  private final StackLayout layout;
  private final PrintStream out;
  private final Duration deadline;
  private final String jwtSecret;
  private final String vendorId = "demo-vendor-" + UUID.randomUUID().toString().substring(0, 8);
  private final String requesterId = "demo-requester";
  private final BookingClient api;
  private final StripeJs browser;

  Demo(StackLayout layout, PrintStream out) throws IOException {
    this(layout, out, Duration.ofSeconds(120));
  }

  Demo(StackLayout layout, PrintStream out, Duration deadline) throws IOException {
    this.layout = layout;
    this.out = out;
    this.deadline = deadline;
    this.jwtSecret = layout.jwtSecret();
    HttpClient http = BookingClient.defaultHttpClient();
    this.api = new BookingClient(URI.create(layout.url(Stack.RESERVATION_PORT)), URI.create(layout.url(Stack.AVAILABILITY_PORT)), http);
    this.browser = new StripeJs(URI.create(layout.url(Stack.SIMULATOR_PORT)), Stack.SIM_PUBLISHABLE_KEY, http);
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
    Slot slot = api.createSlot(vendor, vendorId, NewSlot.of(start, Duration.ofMinutes(45), "Europe/Berlin", 4500, "EUR"));
    out.println("  vendor created slot " + slot.id() + " at " + start);

    Reservation reserved = api.reserve(requester, slot.id(), UUID.randomUUID().toString()).reservation();
    String reservationId = reserved.id();
    out.println("  requester reserved it: reservation " + reservationId + " " + reserved.state());

    // The payment intent appears once the slot is held and payment-service has created it.
    Reservation view = pollUntil(reservationId, requester,
        v -> v.clientSecret().isPresent() || v.terminal(), "a payment client secret");
    Optional<String> secret = view.clientSecret();
    if (secret.isPresent()) {
      StripeJs.Confirmation card = browser.confirmCard(secret.get(), scenario.paymentMethod);
      out.println("  card confirmed at the simulator: " + card.intentId() + " -> " + card.describe());
    }
    if (secret.isPresent() && scenario.vendorDecision != null) {
      String answer;
      try {
        answer = "accepted, " + api.decide(vendor, reservationId, scenario.vendorDecision, "demo").state();
      } catch (ProblemException refused) {
        answer = refused.describe() + " " + refused.body();
      }
      out.println("  vendor decision " + scenario.vendorDecision + ": " + answer);
    }

    Reservation last = pollUntil(reservationId, requester, Reservation::terminal, "a terminal state");
    List<String> timeline = timeline(last);
    out.println("  final state: " + last.state());
    out.println("  timeline:");
    timeline.forEach(line -> out.println("    " + line));
    return new Outcome(scenario, reservationId, last.state(), timeline);
  }

  private Reservation pollUntil(String reservationId, String token, Predicate<Reservation> done, String what)
      throws Exception {
    long until = System.nanoTime() + deadline.toNanos();
    StatusRead last = null;
    while (true) {
      try {
        last = last == null ? api.read(token, reservationId) : api.readIfChanged(token, last).orElse(last);
      } catch (ProblemException notNow) {
        // e.g. 503 while an instance restarts: a frontend polls on
      }
      if (last != null && done.test(last.reservation())) {
        break;
      }
      if (System.nanoTime() >= until) {
        throw new IllegalStateException("reservation " + reservationId + " did not reach " + what + " within "
            + deadline.toSeconds() + " s; last seen: " + (last == null ? "nothing" : last.reservation()));
      }
      Thread.sleep(300); // a frontend's poll interval; the ETag makes an unchanged answer a 304
    }
    return last.reservation();
  }

  /**
   * The reservation's own timeline (its state transitions), then every message the reconciler
   * observed for it across all topics.
   */
  private List<String> timeline(Reservation view) throws Exception {
    List<String> lines = new ArrayList<>();
    Instant t0 = null;
    for (Reservation.TimelineLine e : view.timeline()) {
      t0 = t0 == null ? e.at() : t0;
      lines.add(String.format("+%7.3fs  %-24s -> %-24s %s%s", seconds(t0, e.at()), e.fromState() == null ? "-" : e.fromState(),
          e.toState(), e.trigger() == null ? "" : e.trigger(), e.note() == null ? "" : "  (" + e.note() + ")"));
    }
    if (view.timeline().isEmpty()) {
      lines.add("(the reservation has no timeline)");
    }
    Http.Response lifecycle = reconcilerLifecycle(view.id(), view.state());
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

  private String token(String subject, String role) {
    return Jwt.mint(jwtSecret, subject, role, Duration.ofHours(1));
  }

  private static Map<String, String> bearer(String token) {
    return Http.headers("Authorization", "Bearer " + token);
  }
}
