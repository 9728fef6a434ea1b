package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.stress.StressApi.Answer;
import com.bookiji.platform.client.Placed;
import com.bookiji.platform.client.Reservation;
import com.bookiji.platform.client.StripeJs;
import com.bookiji.platform.client.VendorDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Part 1 (API and idempotency) and part 2 (time and human latency). */
final class PartOneAndTwo {

  private PartOneAndTwo() {}

  static List<Scenario> all() {
    return List.of(
        Scenario.of("1.1", "Concurrent Reservations", "concurrent-reservations", PartOneAndTwo::concurrentReservations),
        Scenario.of("1.2", "Idempotency Replay", "idempotency-replay", PartOneAndTwo::idempotencyReplay),
        Scenario.of("2.1", "Vendor Confirmation Delay", "vendor-confirmation-delay", PartOneAndTwo::vendorTooLate),
        Scenario.of("2.2", "Requester Authorization Delay", "requester-auth-delay", PartOneAndTwo::requesterTooLate),
        Scenario.of("2.3", "Idle Reservation Expiry", "idle-expiry", PartOneAndTwo::idleExpiry));
  }

  /** The states after the slot was held, before the reservation ends. */
  static final Set<String> HELD = Set.of("AWAITING_CONFIRMATIONS", "COMMIT_PENDING", "CAPTURE_PENDING");

  /** Past the hold decision: held, or already ended (the API's terminal flag). */
  static boolean heldOrEnded(Reservation r) {
    return r.terminal() || HELD.contains(r.state());
  }

  /** 1.1: many requesters race for a few hot slots at the same instant. */
  static void concurrentReservations(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    int slots = ctx.quick() ? 3 : 10;
    int racers = ctx.quick() ? 8 : 25;
    String vendor = api.newVendor("1.1");
    List<String> slotIds = api.createSlots(vendor, slots);
    log.line("%d requesters race for each of %d slots of %s", racers, slots, vendor);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(32, racers));
    List<Future<Answer<Placed>>> posts = new ArrayList<>();
    List<String> bySlot = new ArrayList<>();
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (String slot : slotIds) {
        for (int i = 0; i < racers; i++) {
          String requester = api.newRequester("1.1");
          bySlot.add(slot + "|" + requester);
          posts.add(pool.submit(() -> {
            start.await();
            return api.reserve(requester, slot, UUID.randomUUID().toString());
          }));
        }
      }
      start.countDown();
      Map<String, List<String>> reservationsBySlot = new java.util.LinkedHashMap<>();
      Map<String, String> requesterOf = new java.util.HashMap<>();
      int refusedAtOnce = 0;
      for (int i = 0; i < posts.size(); i++) {
        Answer<Placed> r = posts.get(i).get();
        String[] sr = bySlot.get(i).split("\\|");
        if (r.ok()) {
          String id = r.value().reservation().id();
          reservationsBySlot.computeIfAbsent(sr[0], k -> new ArrayList<>()).add(id);
          requesterOf.put(id, sr[1]);
        } else if (r.refusedWith() / 100 == 4 && r.refusedWith() != 429) {
          refusedAtOnce++; // a clean refusal with a problem code
          if (r.refusal().code() == null || r.refusal().code().isEmpty()) {
            throw new AssertionError("a refusal without a stable problem code: " + r.describe() + " " + r.refusal().body());
          }
        } else {
          throw new AssertionError("POST /reservations answered " + r.describe() + " " + r.refusal().body());
        }
      }
      log.line("accepted %d, refused at once %d", requesterOf.size(), refusedAtOnce);
      List<String> all = new ArrayList<>(requesterOf.keySet());
      Map<String, Reservation> seen = api.awaitStates(all, Duration.ofSeconds(120), PartOneAndTwo::heldOrEnded);
      Map<String, String> states = new java.util.HashMap<>();
      seen.forEach((id, r) -> states.put(id, r.state()));
      List<String> winners = new ArrayList<>();
      for (var e : reservationsBySlot.entrySet()) {
        List<String> held = e.getValue().stream().filter(id -> !seen.get(id).terminal()).toList();
        if (held.size() != 1) {
          throw new AssertionError("slot " + e.getKey() + ": " + held.size() + " reservations hold it: " + held);
        }
        winners.add(held.get(0));
        for (String loser : e.getValue()) {
          if (!loser.equals(held.get(0)) && !"REJECTED".equals(states.get(loser))) {
            throw new AssertionError("loser " + loser + " of slot " + e.getKey() + " is " + states.get(loser) + ", not REJECTED");
          }
        }
      }
      for (String w : winners) {
        String secret = api.awaitClientSecret(requesterOf.get(w), w, Duration.ofSeconds(90));
        StressApi.expectOk(api.confirmCard(secret, "pm_card_visa"), "confirm card of " + w);
        StressApi.expectOk(api.vendorDecision(vendor, w, VendorDecision.CONFIRM), "vendor confirms " + w);
      }
      Map<String, String> ended = api.awaitTerminal(winners, Duration.ofSeconds(150));
      SimView sim = SimView.read(api);
      for (String w : winners) {
        if (!"CONFIRMED".equals(ended.get(w))) {
          throw new AssertionError("winner " + w + " ended " + ended.get(w));
        }
      }
      for (String id : all) {
        String state = winners.contains(id) ? "CONFIRMED" : states.get(id);
        String v = sim.moneyViolation(id, state);
        if (v != null) {
          throw new AssertionError(v);
        }
      }
      log.line("one booking per slot (%d CONFIRMED), %d losers REJECTED with no money held, %d refused at once",
          winners.size(), all.size() - winners.size(), refusedAtOnce);
    } finally {
      pool.shutdownNow();
    }
  }

  /** 1.2: the same POST replayed sequentially, concurrently and across a kill -9 of reservation-service. */
  static void idempotencyReplay(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    String vendor = api.newVendor("1.2");
    String slot = api.createSlots(vendor, 1).get(0);
    String requester = api.newRequester("1.2");
    String key = UUID.randomUUID().toString();
    Answer<Placed> first = api.reserve(requester, slot, key);
    StressApi.expectOk(first, "first POST");
    Reservation firstAnswer = first.value().reservation();
    String id = firstAnswer.id();
    log.line("first POST: %s -> reservation %s", first.describe(), id);
    for (int i = 0; i < 3; i++) {
      Answer<Placed> again = api.reserve(requester, slot, key);
      if (!again.ok() || !again.value().reservation().equals(firstAnswer)) {
        throw new AssertionError("sequential replay " + i + " differs: " + again + " vs " + firstAnswer);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Answer<Placed>>> same = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        same.add(() -> api.reserve(requester, slot, key));
      }
      for (Future<Answer<Placed>> f : pool.invokeAll(same)) {
        Answer<Placed> r = f.get();
        if (r.ok() && !r.value().reservation().equals(firstAnswer)) {
          throw new AssertionError("concurrent replay differs: " + r.value().reservation());
        }
        if (!r.ok() && r.refusedWith() != 409) {
          throw new AssertionError("concurrent replay: " + r.describe() + " " + r.refusal().body());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Answer<Placed> otherBody = api.reserve(requester, api.createSlots(vendor, 1).get(0), key);
    if (otherBody.refusedWith() != 422) {
      throw new AssertionError("the same key with another body must be 422, was " + otherBody.describe());
    }
    // The humans act before the kill: a restart plus the consumer group's session timeout is close to the suite's 75-s human deadlines.
    String secret = api.awaitClientSecret(requester, id, Duration.ofSeconds(120));
    StressApi.expectOk(api.confirmCard(secret, "pm_card_visa"), "confirm card");
    StressApi.expectOk(api.vendorDecision(vendor, id, VendorDecision.CONFIRM), "vendor confirms");
    ctx.faults().kill9(StressStack.RESERVATION, log);
    ctx.stack().restartStopped(log);
    Answer<Placed> afterRestart = api.reserve(requester, slot, key);
    if (!afterRestart.ok() || !afterRestart.value().reservation().equals(firstAnswer)) {
      throw new AssertionError("replay after the restart differs: " + afterRestart + " vs " + firstAnswer);
    }
    String state = api.awaitTerminal(List.of(id), Duration.ofSeconds(150)).get(id);
    Set<String> ids = new HashSet<>();
    api.booking().reservations(api.token(requester, com.bookiji.platform.web.Role.REQUESTER), Map.of("limit", "100"))
        .items().forEach(r -> ids.add(r.id()));
    SimView sim = SimView.read(api);
    if (!ids.equals(Set.of(id))) {
      throw new AssertionError("the requester has reservations " + ids + ", expected only " + id);
    }
    if (sim.intents(id).size() != 1) {
      throw new AssertionError(id + " has " + sim.intents(id).size() + " PaymentIntents");
    }
    if (!"CONFIRMED".equals(state) || sim.moneyViolation(id, state) != null) {
      throw new AssertionError(id + " ended " + state + "; " + sim.moneyViolation(id, state));
    }
    log.line("one reservation, one PaymentIntent, identical responses (sequential, concurrent, after kill -9), CONFIRMED once");
  }

  /** 2.1: the card is authorized, the vendor answers after the vendor deadline. */
  static void vendorTooLate(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    String vendor = api.newVendor("2.1");
    String slot = api.createSlots(vendor, 1).get(0);
    String requester = api.newRequester("2.1");
    String id = api.reserveOk(requester, slot);
    String secret = api.awaitClientSecret(requester, id, Duration.ofSeconds(90));
    StressApi.expectOk(api.confirmCard(secret, "pm_card_visa"), "confirm card");
    log.line("card authorized for %s; the vendor stays silent past the deadline", id);
    String state = api.awaitTerminal(List.of(id), Duration.ofSeconds(150)).get(id);
    expect("EXPIRED", state, id);
    Answer<Reservation> late = api.vendorDecision(vendor, id, VendorDecision.CONFIRM);
    log.line("late vendor confirmation: %s", late.describe());
    assertEndedAndFree(ctx, log, vendor, slot, id, "EXPIRED");
  }

  /** 2.2: the vendor confirms at once, the card is confirmed after the payment deadline. */
  static void requesterTooLate(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    String vendor = api.newVendor("2.2");
    String slot = api.createSlots(vendor, 1).get(0);
    String requester = api.newRequester("2.2");
    String id = api.reserveOk(requester, slot);
    String secret = api.awaitClientSecret(requester, id, Duration.ofSeconds(90));
    StressApi.expectOk(api.vendorDecision(vendor, id, VendorDecision.CONFIRM), "vendor confirms");
    log.line("vendor confirmed %s; the requester stays silent past the payment deadline", id);
    String state = api.awaitTerminal(List.of(id), Duration.ofSeconds(150)).get(id);
    expect("EXPIRED", state, id);
    StripeJs.Confirmation late = api.confirmCard(secret, "pm_card_visa");
    log.line("late card confirmation at Stripe: %s", late.describe());
    assertEndedAndFree(ctx, log, vendor, slot, id, "EXPIRED");
  }

  /** 2.3: nobody acts at all. */
  static void idleExpiry(StressContext ctx, StressLog log) throws Exception {
    StressApi api = ctx.api();
    String vendor = api.newVendor("2.3");
    String slot = api.createSlots(vendor, 1).get(0);
    String requester = api.newRequester("2.3");
    String id = api.reserveOk(requester, slot);
    String secret = api.awaitClientSecret(requester, id, Duration.ofSeconds(90));
    log.line("%s held; nobody acts", id);
    String state = api.awaitTerminal(List.of(id), Duration.ofSeconds(150)).get(id);
    expect("EXPIRED", state, id);
    log.line("late answers: vendor %s, card %s", api.vendorDecision(vendor, id, VendorDecision.CONFIRM).describe(),
        api.confirmCard(secret, "pm_card_visa").describe());
    assertEndedAndFree(ctx, log, vendor, slot, id, "EXPIRED");
  }

  static void expect(String wanted, String state, String id) {
    if (!wanted.equals(state)) {
      throw new AssertionError(id + " ended " + state + ", expected " + wanted);
    }
  }

  /**
   * Late answers changed nothing (the state stays), no money is held, and the slot is free: a new
   * reservation of it is held.
   */
  static void assertEndedAndFree(StressContext ctx, StressLog log, String vendor, String slot, String id, String expected)
      throws Exception {
    StressApi api = ctx.api();
    // The state is re-read after the compensation had time to run: it must not move.
    String again = Wait.until("compensation of " + id, ctx.compensationBound(), () -> {
      SimView sim = SimView.read(api);
      return sim.moneyViolation(id, expected) == null ? "ok" : null;
    }, () -> {
      try {
        return SimView.read(api).moneyViolation(id, expected);
      } catch (Exception e) {
        return e.toString();
      }
    });
    expect(expected, api.state(id), id);
    String requester2 = api.newRequester("free");
    String next = api.reserveOk(requester2, slot);
    String nextState = api.awaitStates(List.of(next), Duration.ofSeconds(90), PartOneAndTwo::heldOrEnded).get(next).state();
    if (!"AWAITING_CONFIRMATIONS".equals(nextState)) {
      throw new AssertionError("slot " + slot + " is not free after " + id + " ended: a new reservation is " + nextState);
    }
    StressApi.expectOk(api.cancel(requester2, next), "cancel " + next);
    api.awaitTerminal(List.of(next), Duration.ofSeconds(90));
    log.line("%s stays %s (%s), no money held, the slot was free again (%s held it, then cancelled)", id, expected, again, next);
  }
}
