package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.StackApi.Reply;
import com.bookiji.loadtest.stress.StressApi.Answer;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.Slot;
import com.bookiji.platform.client.StripeJs;
import com.bookiji.platform.client.VendorDecision;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Part 4 (failure choreography) and part 5 (observability: the reconciler's answers against the facts). */
final class PartFourAndFive {

  private PartFourAndFive() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("4.1", "Vendor Success → Requester Fail", "vendor-success-requester-fail", PartFourAndFive::cardFails),
        Scenario.of("4.2", "Requester Success → Vendor Fail", "requester-success-vendor-fail", PartFourAndFive::vendorDeclines),
        Scenario.of("4.3", "Availability Revalidation Fail", "availability-revalidation-fail", PartFourAndFive::slotBlocked),
        Scenario.of("4.4", "Crash Between Capture and Commit", "crash-between-capture-commit", PartFourAndFive::crashAfterCapture),
        Scenario.of("5.1", "In-Flight Reservations", "in-flight-reservations", PartFourAndFive::inFlight),
        Scenario.of("5.2", "Stuck Authorizations", "stuck-authorizations", PartFourAndFive::stuckAuthorizations),
        Scenario.of("5.3", "Stripe Reconciliation", "stripe-reconciliation", PartFourAndFive::stripeReconciliation),
        Scenario.of("5.4", "Lifecycle Reconstruction", "lifecycle-reconstruction", PartFourAndFive::lifecycle));
  }

  record Held(String vendor, String slot, String requester, String id, String secret) {}

  static Held held(StressApi api, String testId) throws Exception {
    String vendor = api.newVendor(testId);
    String slot = api.createSlots(vendor, 1).get(0);
    String requester = api.newRequester(testId);
    String id = api.reserveOk(requester, slot);
    return new Held(vendor, slot, requester, id, api.awaitClientSecret(requester, id, Duration.ofSeconds(90)));
  }

  /** 4.1: the vendor confirms, the card is declined → FAILED_PAYMENT, hold released, nothing charged. */
  static void cardFails(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Held h = held(api, "4.1");
    StressApi.expectOk(api.vendorDecision(h.vendor(), h.id(), VendorDecision.CONFIRM), "vendor confirms");
    StripeJs.Confirmation declined = api.confirmCard(h.secret(), "pm_card_chargeDeclined");
    log.line("vendor confirmed %s; the card is declined: %s", h.id(), declined.describe());
    PartThree.expectState(api, h.id(), "FAILED_PAYMENT");
    PartOneAndTwo.assertEndedAndFree(ctx, log, h.vendor(), h.slot(), h.id(), "FAILED_PAYMENT");
  }

  /** 4.2: the card is authorized, the vendor declines → FAILED_VENDOR_DECLINED, authorization voided. */
  static void vendorDeclines(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Held h = held(api, "4.2");
    StressApi.expectOk(api.confirmCard(h.secret(), "pm_card_visa"), "confirm card");
    StressApi.expectOk(api.vendorDecision(h.vendor(), h.id(), VendorDecision.DECLINE), "vendor declines");
    PartThree.expectState(api, h.id(), "FAILED_VENDOR_DECLINED");
    PartOneAndTwo.assertEndedAndFree(ctx, log, h.vendor(), h.slot(), h.id(), "FAILED_VENDOR_DECLINED");
    int cancels = SimView.read(api).cancels(StressApi.intentOf(h.secret()));
    if (cancels != 1) {
      throw new AssertionError("the authorization of " + h.id() + " was cancelled " + cancels + " times at Stripe");
    }
  }

  /** 4.3: both confirmed, but the vendor blocked the slot before the commit → FAILED_AVAILABILITY_CHANGED, voided. */
  static void slotBlocked(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Held h = held(api, "4.3");
    StressApi.expectOk(api.confirmCard(h.secret(), "pm_card_visa"), "confirm card");
    Wait.until("authorization", Duration.ofSeconds(60),
        () -> "requires_capture".equals(SimView.read(api).intent(StressApi.intentOf(h.secret())).path("status").asString()) ? "ok" : null);
    Answer<Slot> blocked = api.blockSlot(h.vendor(), h.slot());
    log.line("slot %s blocked while held: %s", h.slot(), blocked.describe());
    StressApi.expectOk(blocked, "block the held slot");
    StressApi.expectOk(api.vendorDecision(h.vendor(), h.id(), VendorDecision.CONFIRM), "vendor confirms");
    PartThree.expectState(api, h.id(), "FAILED_AVAILABILITY_CHANGED");
    String v = Wait.until("the void", ctx.compensationBound(),
        () -> SimView.read(api).moneyViolation(h.id(), "FAILED_AVAILABILITY_CHANGED") == null ? "ok" : null);
    log.line("%s FAILED_AVAILABILITY_CHANGED, authorization voided (%s), nothing captured", h.id(), v);
  }

  /**
   * 4.4: payment-service halts (test-only switch) right after Stripe applied the capture and before
   * its record commits; restarted, the saga ends CONFIRMED with exactly one capture.
   */
  static void crashAfterCapture(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Faults faults = ctx.faults();
    long before = ctx.stack().pid(StressStack.PAYMENT).orElseThrow();
    Held h = held(api, "4.4");
    faults.arm("halt-after-capture", log);
    try {
      StressApi.expectOk(api.confirmCard(h.secret(), "pm_card_visa"), "confirm card");
      StressApi.expectOk(api.vendorDecision(h.vendor(), h.id(), VendorDecision.CONFIRM), "vendor confirms");
      Wait.until("payment-service to halt after the capture", Duration.ofSeconds(120),
          () -> ProcessHandle.of(before).map(p -> !p.isAlive()).orElse(true) ? "ok" : null);
    } finally {
      faults.disarm("halt-after-capture", log);
    }
    SimView atHalt = SimView.read(api);
    String pi = StressApi.intentOf(h.secret());
    log.line("payment-service halted; at Stripe %s is %s (captures executed %d); reservation %s",
        pi, atHalt.intent(pi).path("status").asString(), atHalt.captures(pi), api.state(h.id()));
    if (atHalt.captures(pi) != 1) {
      throw new AssertionError("the halt was not after an applied capture: " + atHalt.captures(pi) + " captures");
    }
    ctx.stack().restartStopped(log);
    PartThree.expectState(api, h.id(), "CONFIRMED");
    SimView after = SimView.read(api);
    String v = after.moneyViolation(h.id(), "CONFIRMED");
    if (v != null) {
      throw new AssertionError(v);
    }
    log.line("%s CONFIRMED after the restart, captured exactly once", h.id());
  }

  // ---- part 5: the reconciler's answers equal what the suite seeded ----

  private static Connection db(StressStack stack, String database) throws Exception {
    return DriverManager.getConnection(stack.jdbcUrl(database), "postgres", "postgres");
  }

  /** 5.1: reservations left in flight are listed as such, exactly as the reservation database holds them. */
  static void inFlight(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    String vendor = api.newVendor("5.1");
    List<String> slots = api.createSlots(vendor, 4);
    Set<String> seeded = new TreeSet<>();
    Map<String, String> requesterOf = new HashMap<>();
    for (String slot : slots) {
      String requester = api.newRequester("5.1");
      String id = api.reserveOk(requester, slot);
      seeded.add(id);
      requesterOf.put(id, requester);
    }
    api.awaitStates(new ArrayList<>(seeded), Duration.ofSeconds(90), r -> "AWAITING_CONFIRMATIONS".equals(r.state()));
    Set<String> listed = new TreeSet<>();
    for (Reservation item : api.booking().reservations(api.ops(),
        Map.of("vendorId", vendor, "state", "AWAITING_CONFIRMATIONS", "limit", "100")).items()) {
      listed.add(item.id());
    }
    Set<String> inDb = new TreeSet<>();
    try (Connection c = db(ctx.stack(), "reservation");
        PreparedStatement s = c.prepareStatement("select id from reservations where vendor_id = ? and not terminal")) {
      s.setString(1, vendor);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          inDb.add(rs.getString(1));
        }
      }
    }
    log.line("seeded in flight %s; API lists %s; database holds %s", seeded, listed, inDb);
    if (!listed.equals(seeded) || !inDb.equals(seeded)) {
      throw new AssertionError("in-flight answer differs: seeded " + seeded + ", API " + listed + ", database " + inDb);
    }
    String prometheus = api.http().get(api.stack().reservationUrl() + "/actuator/prometheus", null).body();
    if (prometheus == null || !prometheus.contains("AWAITING_CONFIRMATIONS")) {
      throw new AssertionError("reservation-service's metrics do not show sagas in flight by state");
    }
    // Each by its own requester (the set is ordered by id, not by requester).
    for (String id : seeded) {
      StressApi.expectOk(api.cancel(requesterOf.get(id), id), "cancel " + id);
    }
    api.awaitTerminal(new ArrayList<>(seeded), Duration.ofSeconds(120));
    log.line("in-flight answer equals the seeded set (API, database, metrics); cancelled by their requesters");
  }

  /**
   * 5.2: an authorization whose void keeps failing at Stripe (5xx scoped to this reservation) after
   * the vendor declined. It must be visible as stuck, everywhere an on-call engineer looks, and
   * equal to the facts: payment-service's database has it PARKED (void), its metric
   * {@code bookiji_payments_parked} equals the database's count, the reservation API lists the
   * reservation as COMPENSATING, and the simulator shows the authorization open. Once Stripe works
   * again it is voided and the reservation ends.
   */
  static void stuckAuthorizations(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Faults faults = ctx.faults();
    Held h = held(api, "5.2");
    String pi = StressApi.intentOf(h.secret());
    StressApi.expectOk(api.confirmCard(h.secret(), "pm_card_visa"), "confirm card");
    Wait.until("authorization", Duration.ofSeconds(60),
        () -> "requires_capture".equals(SimView.read(api).intent(pi).path("status").asString()) ? "ok" : null);
    String fault = faults.stripeFault(Map.of("endpoint", "POST /v1/payment_intents/*/cancel", "kind", "HTTP_5XX",
        "status", 500, "metadataKey", "reservation_id", "metadataValue", h.id()), log);
    try {
      StressApi.expectOk(api.vendorDecision(h.vendor(), h.id(), VendorDecision.DECLINE), "vendor declines");
      String seen = Wait.until("the stuck authorization visible", Duration.ofSeconds(180), () -> {
        String status;
        long parkedInDb;
        try (Connection c = db(ctx.stack(), "payment")) {
          try (PreparedStatement s = c.prepareStatement("select status || coalesce('/' || parked_operation, '') from payments where reservation_id = ?")) {
            s.setString(1, h.id());
            try (ResultSet rs = s.executeQuery()) {
              status = rs.next() ? rs.getString(1) : "none";
            }
          }
          try (var s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from payments where status = 'PARKED'")) {
            rs.next();
            parkedInDb = rs.getLong(1);
          }
        }
        double gauge = -1;
        for (String line : api.http().get(api.stack().paymentUrl() + "/actuator/prometheus", null).body().split("\n")) {
          if (line.startsWith("bookiji_payments_parked")) {
            gauge = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
        Set<String> compensating = new HashSet<>();
        for (Reservation item : api.booking().reservations(api.ops(),
            Map.of("vendorId", h.vendor(), "state", "COMPENSATING", "limit", "100")).items()) {
          compensating.add(item.id());
        }
        boolean openAtStripe = "requires_capture".equals(SimView.read(api).intent(pi).path("status").asString());
        boolean visible = status.equals("PARKED/VOID") && gauge == parkedInDb && compensating.contains(h.id()) && openAtStripe;
        return visible ? "payment " + status + ", parked gauge " + gauge + " = database " + parkedInDb
            + ", listed COMPENSATING, open at Stripe" : null;
      });
      log.line("stuck authorization %s: %s", pi, seen);
    } finally {
      api.sim("DELETE", "/_sim/faults/" + fault, null);
      log.line("Stripe fault lifted");
    }
    Wait.until("the stuck authorization voided once Stripe works", Duration.ofSeconds(240),
        () -> "canceled".equals(SimView.read(api).intent(pi).path("status").asString()) ? "ok" : null);
    PartThree.expectState(api, h.id(), "FAILED_VENDOR_DECLINED");
    log.line("%s voided by the payment sweep after the fault was lifted; the reservation ended FAILED_VENDOR_DECLINED", pi);
  }

  /** 5.3: orphan intents seeded at Stripe are exactly the ones the reconciler reports, checked against the databases. */
  static void stripeReconciliation(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Set<String> seeded = new TreeSet<>();
    for (int i = 0; i < 3; i++) {
      Reply r = api.stripe("POST", "/v1/payment_intents", Map.of("amount", "4200", "currency", "eur",
          "capture_method", "manual", "metadata[reservation_id]", UUID.randomUUID().toString(), "metadata[attempt]", "1"));
      StressApi.expectOk(r, "seed an orphan intent");
      seeded.add(r.json().path("id").asString());
    }
    log.line("seeded orphans %s", seeded);
    Set<String> reported = Wait.until("the reconciler to report the seeded orphans", Duration.ofSeconds(180), () -> {
      Set<String> open = new TreeSet<>();
      for (JsonNode f : api.opsGet("/ops/findings?code=ORPHAN_PAYMENT_INTENT&state=OPEN").path("findings")) {
        open.add(f.path("breakId").asString().substring("ORPHAN_PAYMENT_INTENT:".length()));
      }
      return open.containsAll(seeded) ? open : null;
    });
    // Independently: intents at the simulator, not cancelled, whose reservation the reservation database lacks.
    Set<String> known = new HashSet<>();
    try (Connection c = db(ctx.stack(), "reservation"); var s = c.createStatement();
        ResultSet rs = s.executeQuery("select id from reservations")) {
      while (rs.next()) {
        known.add(rs.getString(1));
      }
    }
    Set<String> orphansAtStripe = new TreeSet<>();
    for (JsonNode pi : api.sim("GET", "/_sim/payment_intents", null).json()) {
      if (!known.contains(pi.path("metadata").path("reservation_id").asString("")) && !"canceled".equals(pi.path("status").asString())) {
        orphansAtStripe.add(pi.path("id").asString());
      }
    }
    Set<String> reportedStillOpen = new TreeSet<>();
    SimView now = SimView.read(api);
    reported.stream().filter(pi -> now.intent(pi) != null && !"canceled".equals(now.intent(pi).path("status").asString()))
        .forEach(reportedStillOpen::add);
    log.line("reconciler reports %s (not cancelled at Stripe: %s); independently at Stripe %s", reported, reportedStillOpen,
        orphansAtStripe);
    if (!reportedStillOpen.equals(orphansAtStripe)) {
      throw new AssertionError("orphans reported " + reported + " but at Stripe " + orphansAtStripe);
    }
    for (String pi : seeded) {
      PartThree.approveOnce(api, log, "ORPHAN_PAYMENT_INTENT:" + pi);
    }
    Wait.until("the seeded orphans cancelled", Duration.ofSeconds(120), () -> {
      SimView sim = SimView.read(api);
      return seeded.stream().allMatch(pi -> "canceled".equals(sim.intent(pi).path("status").asString())) ? "ok" : null;
    });
    log.line("Stripe reconciliation equals the facts; the seeded orphans cancelled on approval");
  }

  /** 5.4: the reconciler's lifecycle of a reservation equals the reservation's own timeline and the money facts. */
  static void lifecycle(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    String vendor = api.newVendor("5.4");
    String slot = api.createSlots(vendor, 1).get(0);
    String id = api.bookHappily(vendor, api.newRequester("5.4"), slot);
    PartThree.expectState(api, id, "CONFIRMED");
    List<String> timeline = new ArrayList<>();
    try (Connection c = db(ctx.stack(), "reservation");
        PreparedStatement s = c.prepareStatement("select to_state from reservation_timeline where reservation_id = ? order by seq")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          timeline.add(rs.getString(1));
        }
      }
    }
    List<String> types = Wait.until("the lifecycle to show the capture", Duration.ofSeconds(60), () -> {
      List<String> t = new ArrayList<>();
      JsonNode lifecycle = api.opsGet("/ops/reservations/" + id + "/lifecycle");
      JsonNode messages = lifecycle.has("messages") ? lifecycle.path("messages") : lifecycle;
      for (JsonNode m : messages) {
        t.add(m.path("eventType").asString());
      }
      return t.contains("PaymentCaptured") && t.contains("ReservationStateChanged") ? t : null;
    });
    log.line("database timeline %s", timeline);
    log.line("reconciler lifecycle %s", types);
    List<String> required = List.of("HoldSlot", "SlotHeld", "AuthorizePayment", "PaymentAuthorized", "CommitHold",
        "HoldCommitted", "CapturePayment", "PaymentCaptured");
    int at = -1;
    for (String r : required) {
      int i = types.indexOf(r);
      if (i < 0) {
        throw new AssertionError("the lifecycle lacks " + r + ": " + types);
      }
      if (i < at) {
        throw new AssertionError("the lifecycle has " + r + " out of order: " + types);
      }
      at = i;
    }
    if (!timeline.contains("CONFIRMED") || !"CONFIRMED".equals(timeline.get(timeline.size() - 1))) {
      throw new AssertionError("the database timeline does not end CONFIRMED: " + timeline);
    }
    SimView sim = SimView.read(api);
    if (sim.moneyViolation(id, "CONFIRMED") != null) {
      throw new AssertionError(sim.moneyViolation(id, "CONFIRMED"));
    }
    log.line("lifecycle complete and ordered, equal to the database timeline's end and the capture at Stripe");
  }
}
