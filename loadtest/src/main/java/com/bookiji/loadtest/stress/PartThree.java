package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.StackApi.Reply;
import com.bookiji.loadtest.stress.StressApi.Answer;
import com.bookiji.platform.client.Placed;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.StripeJs;
import com.bookiji.platform.client.VendorDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** Part 3: chaos and load. */
final class PartThree {

  private PartThree() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("3.1", "Volume Reservations", "volume-reservations", PartThree::volume),
        Scenario.of("3.2", "Stripe Failures", "stripe-failures", PartThree::stripeFailures),
        Scenario.of("3.3", "Worker Crashes", "worker-crashes", PartThree::workerCrashes),
        Scenario.of("3.4", "Repair Loop", "repair-loop", PartThree::repairLoop));
  }

  /**
   * One requester's reservation driven like a frontend that keeps trying while the stack is down:
   * every call is retried with the same Idempotency-Key until it answers. Returns the reservation id,
   * or null when the slot was taken (a clean refusal).
   */
  static String drive(StressApi api, String vendor, String slot, VendorDecision decision, String card, Duration patience)
      throws Exception {
    String requester = api.newRequester("load");
    String key = UUID.randomUUID().toString();
    Answer<Placed> posted = Wait.until("POST /reservations", patience, () -> {
      Answer<Placed> r = api.reserve(requester, slot, key);
      int refused = r.refusedWith();
      return refused >= 500 || refused == 429 || refused == 409 && r.refusal().body().contains("IN_PROGRESS") ? null : r;
    });
    if (!posted.ok()) {
      return null;
    }
    String id = posted.value().reservation().id();
    String secret;
    try {
      secret = api.awaitClientSecret(requester, id, patience);
    } catch (AssertionError ended) {
      return id; // rejected (hot slot) or expired during an outage: the checks judge the end state
    }
    Wait.until("card confirmation of " + id, patience, () -> {
      StripeJs.Confirmation r = api.confirmCard(secret, card);
      return r.httpStatus() >= 500 ? null : r;
    });
    Wait.until("vendor decision on " + id, patience, () -> {
      Answer<Reservation> r = api.vendorDecision(vendor, id, decision);
      return r.refusedWith() >= 500 ? null : r;
    });
    return id;
  }

  /** Every reservation ended, and each one's money matches its end (see {@link SimView#moneyViolation}); returns state counts. */
  static Map<String, Integer> assertConverged(StressApi api, List<String> ids, Duration within, StressLog log) throws Exception {
    Map<String, String> states = api.awaitTerminal(ids, within);
    SimView sim = SimView.read(api);
    Map<String, Integer> counts = new java.util.TreeMap<>();
    List<String> violations = new ArrayList<>();
    states.forEach((id, state) -> {
      counts.merge(state, 1, Integer::sum);
      String v = sim.moneyViolation(id, state);
      if (v != null) {
        violations.add(v);
      }
    });
    log.line("ended: %s", counts);
    if (!violations.isEmpty()) {
      throw new AssertionError(violations.size() + " money violations: " + violations.subList(0, Math.min(10, violations.size())));
    }
    return counts;
  }

  /** 3.1: sustained volume with a share of requests on a few hot slots. */
  static void volume(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Random random = ctx.random("3.1");
    int workers = ctx.quick() ? 4 : 8;
    int seconds = ctx.options().seconds();
    String vendor = api.newVendor("3.1");
    List<String> slots = api.createSlots(vendor, workers * seconds * 2 + 20);
    List<String> hot = slots.subList(0, 5);
    AtomicInteger next = new AtomicInteger(hot.size());
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    Map<String, String> slotOf = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    long started = System.nanoTime();
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      long seed = random.nextLong();
      loops.add(CompletableFuture.runAsync(() -> {
        Random r = new Random(seed);
        while (System.nanoTime() < end && next.get() < slots.size()) {
          String slot = r.nextInt(5) == 0 ? hot.get(r.nextInt(hot.size())) : slots.get(next.getAndIncrement());
          try {
            String id = drive(api, vendor, slot, VendorDecision.CONFIRM, "pm_card_visa", Duration.ofSeconds(60));
            if (id == null) {
              refused.incrementAndGet();
            } else {
              ids.add(id);
              slotOf.put(id, slot);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }, pool));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();
    double window = Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0;
    Map<String, Integer> counts = assertConverged(api, ids, Duration.ofSeconds(240), log);
    Map<String, Integer> confirmedPerSlot = new LinkedHashMap<>();
    for (String id : ids) {
      if ("CONFIRMED".equals(api.state(id))) {
        confirmedPerSlot.merge(slotOf.get(id), 1, Integer::sum);
      }
    }
    confirmedPerSlot.forEach((slot, n) -> {
      if (n > 1) {
        throw new AssertionError("slot " + slot + " CONFIRMED " + n + " times");
      }
    });
    int confirmed = counts.getOrDefault("CONFIRMED", 0);
    log.line("FIGURES %d reservations in %.1f s by %d requesters (%.2f started/s), %d CONFIRMED (%.2f/s), %d refused at once, hot-slot losers %d",
        ids.size(), window, workers, ids.size() / window, confirmed, confirmed / window, refused.get(),
        counts.getOrDefault("REJECTED", 0));
    if (confirmed == 0) {
      throw new AssertionError("nothing was confirmed under load");
    }
  }

  /** 3.2: Stripe faults on every operation and on webhooks, with happy, declined, voided and refunded sagas. */
  static void stripeFailures(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Faults faults = ctx.faults();
    Random random = ctx.random("3.2");
    String[] endpoints = {"POST /v1/payment_intents", "POST /v1/payment_intents/*/capture",
        "POST /v1/payment_intents/*/cancel", "POST /v1/refunds", "GET /v1/payment_intents/*"};
    for (String endpoint : endpoints) {
      faults.stripeFault(Map.of("endpoint", endpoint, "kind", "LATENCY", "latencyMs", 400, "probability", 0.2, "seed", random.nextLong()), log);
      faults.stripeFault(Map.of("endpoint", endpoint, "kind", "HTTP_5XX", "status", 503, "probability", 0.15, "seed", random.nextLong()), log);
      faults.stripeFault(Map.of("endpoint", endpoint, "kind", "RATE_LIMIT", "retryAfterSeconds", 1, "probability", 0.1, "seed", random.nextLong()), log);
      faults.stripeFault(Map.of("endpoint", endpoint, "kind", "CONNECTION_RESET", "probability", 0.05, "seed", random.nextLong()), log);
      if (endpoint.startsWith("POST")) {
        faults.stripeFault(Map.of("endpoint", endpoint, "kind", "APPLIED_RESPONSE_LOST", "probability", 0.15, "seed", random.nextLong()), log);
      }
    }
    faults.webhookFault(Map.of("kind", "DROP", "probability", 0.15, "seed", random.nextLong()), log);
    faults.webhookFault(Map.of("kind", "DUPLICATE", "probability", 0.25, "seed", random.nextLong()), log);
    faults.webhookFault(Map.of("kind", "DELAY", "delayMs", 3000, "probability", 0.2, "seed", random.nextLong()), log);
    faults.webhookFault(Map.of("kind", "REORDER", "probability", 0.15, "seed", random.nextLong()), log);
    int n = ctx.quick() ? 8 : 30;
    String vendor = api.newVendor("3.2");
    List<String> slots = api.createSlots(vendor, n);
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    Map<String, String> kind = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String slot = slots.get(i);
        String plan = switch (i % 4) {
          case 0, 1 -> "happy";
          case 2 -> "vendor-declines";
          default -> "card-declined";
        };
        all.add(CompletableFuture.runAsync(() -> {
          try {
            String id = drive(api, vendor, slot, plan.equals("vendor-declines") ? VendorDecision.DECLINE : VendorDecision.CONFIRM,
                plan.equals("card-declined") ? "pm_card_chargeDeclined" : "pm_card_visa", Duration.ofSeconds(90));
            ids.add(id);
            kind.put(id, plan);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      // Refunds under the same faults: half of the happy ones are cancelled by their requester after CONFIRMED.
      List<String> happy = ids.stream().filter(id -> kind.get(id).equals("happy")).toList();
      Map<String, String> states = api.awaitTerminal(happy, Duration.ofSeconds(240));
      int refunded = 0;
      for (int i = 0; i < happy.size(); i += 2) {
        String id = happy.get(i);
        if ("CONFIRMED".equals(states.get(id))) {
          String requester = api.reservation(id).requesterId();
          Answer<Reservation> cancel = api.cancel(requester, id);
          log.line("requester cancels CONFIRMED %s (refund): %s", id, cancel.describe());
          kind.put(id, "refunded");
          refunded++;
        }
      }
      Wait.until("refunds", Duration.ofSeconds(240), () -> {
        for (String id : ids) {
          if ("refunded".equals(kind.get(id)) && !"CANCELLED".equals(api.state(id))) {
            return null;
          }
        }
        return "ok";
      });
      JsonNode fired = api.sim("GET", "/_sim/faults", null).json();
      int firedTotal = 0;
      for (JsonNode f : fired) {
        firedTotal += f.path("fired").asInt();
      }
      faults.clearStripeFaults(log);
      Map<String, Integer> counts = assertConverged(api, ids, Duration.ofSeconds(300), log);
      for (String id : ids) {
        String state = api.state(id);
        String expected = switch (kind.get(id)) {
          case "happy" -> "CONFIRMED";
          case "refunded" -> "CANCELLED";
          case "vendor-declines" -> "FAILED_VENDOR_DECLINED";
          default -> "FAILED_PAYMENT";
        };
        if (!expected.equals(state) && !"EXPIRED".equals(state)) {
          throw new AssertionError(id + " (" + kind.get(id) + ") ended " + state + ", expected " + expected);
        }
      }
      log.line("%d Stripe faults fired; %d sagas converged %s, %d refunds; one capture per confirmed reservation",
          firedTotal, ids.size(), counts, refunded);
    } finally {
      pool.shutdownNow();
      faults.clearStripeFaults(log);
    }
  }

  /**
   * 3.3: kill -9 of every service and of the relay holders at random moments under load, and
   * SIGSTOP/SIGCONT pauses of a service, of PostgreSQL and of the broker. The schedule (target, gap,
   * whether the stack is restarted before the next fault) comes from the seed.
   */
  static void workerCrashes(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    Faults faults = ctx.faults();
    StressStack stack = ctx.stack();
    Random random = ctx.random("3.3");
    int kills = ctx.options().kills();
    String vendor = api.newVendor("3.3");
    List<String> slots = api.createSlots(vendor, Math.max(40, kills * 3));
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean loading = new AtomicBoolean(true);
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Void>> load = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      load.add(CompletableFuture.runAsync(() -> {
        while (loading.get() && next.get() < slots.size()) {
          try {
            String id = drive(api, vendor, slots.get(next.getAndIncrement()), VendorDecision.CONFIRM, "pm_card_visa", Duration.ofSeconds(300));
            if (id != null) {
              ids.add(id);
            }
          } catch (Exception | AssertionError e) {
            // A requester that gave up while the stack was down is not a broken invariant: the
            // reservations that exist are judged below; the load goes on.
            log.line("load: a requester gave up: %s", e.getMessage());
          }
        }
      }, pool));
    }
    CompletableFuture<Void> restarting = CompletableFuture.completedFuture(null);
    List<String> targets = List.of(StressStack.RESERVATION, StressStack.AVAILABILITY, StressStack.PAYMENT,
        StressStack.RECONCILER, "relay-holder");
    // Every service and the relay holder first (in a seeded order), then seeded random picks.
    List<String> firstRound = new ArrayList<>(targets);
    Collections.shuffle(firstRound, random);
    int done = 0;
    int pauses = 0;
    int picks = 0;
    try {
      while (done < kills) {
        String target = picks < firstRound.size() ? firstRound.get(picks) : targets.get(random.nextInt(targets.size()));
        picks++;
        if (target.equals("relay-holder")) {
          target = faults.relayHolderOrAny(StressStack.SERVICES.get(random.nextInt(StressStack.SERVICES.size())));
        }
        long gapMillis = 1000 + random.nextInt(6000);
        if (stack.pid(target).isPresent()) {
          faults.kill9(target, log);
          done++;
        }
        if (random.nextInt(4) == 0) {
          pauses++;
          switch (random.nextInt(3)) {
            case 0 -> faults.freezePostgres(Duration.ofMillis(2000 + random.nextInt(6000)), log);
            case 1 -> { if (stack.pid("kafka").isPresent()) faults.freezeBroker(Duration.ofMillis(2000 + random.nextInt(6000)), log); }
            default -> {
              String s = StressStack.SERVICES.get(random.nextInt(StressStack.SERVICES.size()));
              if (stack.pid(s).isPresent()) {
                faults.pause(s, Duration.ofMillis(2000 + random.nextInt(6000)), log);
              }
            }
          }
        }
        boolean restartNow = random.nextInt(3) != 0;
        if (restartNow && restarting.isDone()) {
          restarting = CompletableFuture.runAsync(() -> {
            try {
              stack.restartStopped(log);
            } catch (Exception e) {
              log.line("restart: %s", e.getMessage());
            }
          });
        }
        Thread.sleep(gapMillis); // the schedule's gap between two faults (not a synchronisation)
      }
      restarting.join();
      stack.restartStopped(log);
      log.line("%d kill -9s, %d pauses; stack restarted, load stops", done, pauses);
    } finally {
      loading.set(false);
    }
    CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();
    Map<String, Integer> counts = assertConverged(api, ids, Duration.ofSeconds(300), log);
    log.line("kills by component %s; %d sagas converged %s, no duplicate effect", faults.killsByComponent(), ids.size(), counts);
    if (counts.getOrDefault("CONFIRMED", 0) == 0) {
      throw new AssertionError("no saga was confirmed during the crashes");
    }
  }

  /**
   * 3.4: leaks the services cannot see, made behind their back at "Stripe": an orphan PaymentIntent
   * (no reservation), a capture without a booking (captured at Stripe, then the vendor declines), a
   * refund made outside the saga, and a stuck hold (a stray HoldSlot whose expiry availability lost).
   * The reconciler must find each, and every repair happen once.
   */
  static void repairLoop(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    // (a) an orphan intent, authorized, with a reservation id nobody ever observed
    String ghost = UUID.randomUUID().toString();
    Reply orphan = api.stripe("POST", "/v1/payment_intents", Map.of("amount", "4200", "currency", "eur",
        "capture_method", "manual", "payment_method", "pm_card_visa", "confirm", "true",
        "metadata[reservation_id]", ghost, "metadata[attempt]", "1"));
    StressApi.expectOk(orphan, "create the orphan intent");
    String orphanId = orphan.json().path("id").asString();
    log.line("orphan intent %s (reservation %s never existed)", orphanId, ghost);
    String breakId = "ORPHAN_PAYMENT_INTENT:" + orphanId;
    approveOnce(api, log, breakId);
    Wait.until("the orphan cancelled at Stripe", Duration.ofSeconds(90),
        () -> "canceled".equals(SimView.read(api).intent(orphanId).path("status").asString()) ? "ok" : null);
    int cancels = SimView.read(api).cancels(orphanId);
    if (cancels != 1) {
      throw new AssertionError("the orphan was cancelled " + cancels + " times");
    }

    // (b) a capture without a booking: someone captures at Stripe, then the vendor declines
    String vendor = api.newVendor("3.4");
    List<String> slots = api.createSlots(vendor, 3);
    String requester = api.newRequester("3.4");
    String leaked = api.reserveOk(requester, slots.get(0));
    String secret = api.awaitClientSecret(requester, leaked, Duration.ofSeconds(90));
    StressApi.expectOk(api.confirmCard(secret, "pm_card_visa"), "confirm card");
    String pi = StressApi.intentOf(secret);
    Wait.until("authorization of " + leaked, Duration.ofSeconds(60),
        () -> "requires_capture".equals(SimView.read(api).intent(pi).path("status").asString()) ? "ok" : null);
    StressApi.expectOk(api.stripe("POST", "/v1/payment_intents/" + pi + "/capture", Map.of()), "capture behind the saga's back");
    StressApi.expectOk(api.vendorDecision(vendor, leaked, VendorDecision.DECLINE), "vendor declines");
    String ended = api.awaitTerminal(List.of(leaked), Duration.ofSeconds(120)).get(leaked);
    log.line("%s captured at Stripe behind the saga, then declined: %s", leaked, ended);
    Wait.until("the capture without booking refunded", Duration.ofSeconds(240), () -> {
      approveIfProposed(api, log, "CAPTURE_WITHOUT_BOOKING:" + leaked);
      return SimView.read(api).netCaptured(leaked) == 0 ? "ok" : null;
    });
    int refunds = SimView.read(api).executed("/v1/refunds");
    log.line("capture without booking refunded (refund requests executed in total so far: %d)", refunds);

    // (c) a refund made outside the saga on a CONFIRMED reservation (a Dashboard refund)
    String confirmed = api.bookHappily(vendor, api.newRequester("3.4"), slots.get(1));
    expectState(api, confirmed, "CONFIRMED");
    String confirmedPi = SimView.read(api).intents(confirmed).get(0).path("id").asString();
    StressApi.expectOk(api.stripe("POST", "/v1/refunds", Map.of("payment_intent", confirmedPi, "amount", "1000")),
        "refund outside the saga");
    // Seen means: the reconciler raised the mismatch, or payment-service recorded the refund (its
    // database) and the reconciler's lifecycle of the reservation shows it.
    String seenBy = Wait.until("the outside refund seen", Duration.ofSeconds(180), () -> {
      JsonNode findings = api.opsGet("/ops/findings?reservationId=" + confirmed).path("findings");
      for (JsonNode f : findings) {
        if (f.path("breakId").asString("").startsWith("STRIPE_STATE_MISMATCH")) {
          return "the reconciler's finding " + f.path("breakId").asString();
        }
      }
      long refundedInDb;
      try (var c = java.sql.DriverManager.getConnection(api.stack().jdbcUrl("payment"), "postgres", "postgres");
          var s = c.prepareStatement("select coalesce(sum(amount_refunded_minor), 0) from payments where payment_intent_id = ?")) {
        s.setString(1, confirmedPi);
        try (var rs = s.executeQuery()) {
          rs.next();
          refundedInDb = rs.getLong(1);
        }
      }
      boolean inLifecycle = false;
      for (JsonNode m : api.opsGet("/ops/reservations/" + confirmed + "/lifecycle").path("messages")) {
        inLifecycle |= "PaymentRefunded".equals(m.path("eventType").asString());
      }
      return refundedInDb == 1000 && inLifecycle ? "payment-service (refunded 1000 recorded) and the reconciler's lifecycle" : null;
    });
    log.line("the refund made outside the saga was seen by %s", seenBy);

    // (d) a stuck hold: a stray HoldSlot for a reservation nobody made (a stale or buggy producer),
    // and availability's own expiry of it lost (its expires_at moved a day ahead in its database).
    // No saga knows the hold, so only the auditor can free the slot.
    String stuckSlot = slots.get(2);
    String nobody = api.strays().holdSlotForNobody(stuckSlot, 20);
    String holdId = Wait.until("availability holds " + stuckSlot + " for nobody", Duration.ofSeconds(60), () -> {
      try (var c = java.sql.DriverManager.getConnection(api.stack().jdbcUrl("availability"), "postgres", "postgres");
          var u = c.prepareStatement("update holds set expires_at = now() + interval '1 day'"
              + " where reservation_id = ? and status = 'ACTIVE' returning id")) {
        u.setString(1, nobody);
        try (var rs = u.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    log.line("stuck hold %s on slot %s (reservation %s never existed; its expiry lost)", holdId, stuckSlot, nobody);
    String stuckBreak = "HOLD_NOT_RESOLVED:" + holdId;
    String released = Wait.until("the stuck hold released by the auditor", Duration.ofSeconds(180), () -> {
      try (var c = java.sql.DriverManager.getConnection(api.stack().jdbcUrl("availability"), "postgres", "postgres");
          var q = c.prepareStatement("select status from holds where id = ?::uuid")) {
        q.setString(1, holdId);
        try (var rs = q.executeQuery()) {
          return rs.next() && !"ACTIVE".equals(rs.getString(1)) ? rs.getString(1) : null;
        }
      }
    });
    Reply repair = api.http().get(api.stack().reconcilerUrl() + "/ops/repairs/repair:" + stuckBreak, api.ops());
    StressApi.expectOk(repair, "the stuck hold's repair");
    if (!"AUTO".equals(repair.json().path("mode").asString())) {
      throw new AssertionError("the stuck hold's repair was " + repair.describe());
    }
    log.line("stuck hold %s by the auditor's repair %s (%s)", released, "repair:" + stuckBreak,
        repair.json().path("status").asString());
    String booked = api.bookHappily(vendor, api.newRequester("3.4"), stuckSlot);
    expectState(api, booked, "CONFIRMED");
    log.line("the freed slot %s booked again: %s CONFIRMED", stuckSlot, booked);
    JsonNode findings = api.opsGet("/ops/findings").path("findings");
    Map<String, Integer> perBreak = new LinkedHashMap<>();
    for (JsonNode f : findings) {
      perBreak.merge(f.path("breakId").asString(), 1, Integer::sum);
    }
    perBreak.forEach((b, n) -> {
      if (n > 1) {
        throw new AssertionError("finding " + b + " listed " + n + " times");
      }
    });
    log.line("orphan found and cancelled once; capture without booking refunded; outside refund seen; stuck hold released; each finding once");
  }

  static void expectState(StressApi api, String id, String state) throws Exception {
    String s = api.awaitTerminal(List.of(id), Duration.ofSeconds(150)).get(id);
    if (!state.equals(s)) {
      throw new AssertionError(id + " ended " + s + ", expected " + state);
    }
  }

  /** Waits for the finding's repair to be proposed, approves it, and checks that a second approval is refused. */
  static void approveOnce(StressApi api, StressLog log, String breakId) throws Exception {
    String repairId = "repair:" + breakId;
    Wait.until("repair " + repairId + " proposed", Duration.ofSeconds(180), () -> {
      Reply r = api.http().get(api.stack().reconcilerUrl() + "/ops/repairs/" + repairId, api.ops());
      return r.ok() ? r : null;
    });
    Reply approved = api.opsPost("/ops/repairs/" + repairId + "/approve", Map.of());
    log.line("approve %s: %s", repairId, approved.describe());
    StressApi.expectOk(approved, "approve " + repairId);
    Reply again = api.opsPost("/ops/repairs/" + repairId + "/approve", Map.of());
    if (again.status() != 409) {
      throw new AssertionError("a second approval of " + repairId + " answered " + again.describe());
    }
  }

  static void approveIfProposed(StressApi api, StressLog log, String breakId) throws Exception {
    String repairId = "repair:" + breakId;
    Reply r = api.http().get(api.stack().reconcilerUrl() + "/ops/repairs/" + repairId, api.ops());
    if (r.ok() && "PROPOSED".equals(r.json().path("status").asString())) {
      log.line("approve %s: %s", repairId, api.opsPost("/ops/repairs/" + repairId + "/approve", Map.of()).describe());
    }
  }
}
