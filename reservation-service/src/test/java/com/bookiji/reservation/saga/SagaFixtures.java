package com.bookiji.reservation.saga;

import com.bookiji.platform.testkit.TestClock;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.saga.SagaMessage.*;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builders for saga tests: one message of every type, consistent with a given state. */
final class SagaFixtures {
  static final String RES = "res-1";
  static final String SLOT = "slot-1";
  static final String REQUESTER = "requester-1";
  static final String VENDOR = "vendor-1";
  static final String HOLD = "hold-1";
  static final String BOOKING = "booking-1";
  static final String PI = "pi_1";
  static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

  static SagaPolicy policy() {
    return new SagaPolicy(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(10),
        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofMinutes(5));
  }

  /** Every message type, keyed by label, with fields that fit {@code s} (same saga, its hold, its booking). */
  static Map<String, SagaMessage> everyMessage(SagaState s) {
    String holdId = Objects.requireNonNullElse(s.holdId(), HOLD);
    String bookingId = Objects.requireNonNullElse(s.bookingId(), BOOKING);
    Map<String, SagaMessage> m = new LinkedHashMap<>();
    put(m, new SlotHeld(RES, SLOT, VENDOR, holdId, T0.plus(Duration.ofMinutes(15)), 5000, "EUR",
        T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(1))));
    put(m, new SlotHoldRejected(RES, "SLOT_UNAVAILABLE", null));
    put(m, new HoldReleased(RES, holdId));
    put(m, new HoldExpired(RES, holdId));
    put(m, new HoldCommitted(RES, holdId, bookingId));
    for (CommitRejection r : CommitRejection.values()) {
      m.put("HoldCommitRejected(" + r + ")", new HoldCommitRejected(RES, holdId, r, null));
    }
    put(m, new BookingCancelled(RES, bookingId));
    put(m, new PaymentAuthorizationStarted(RES, PI, "pi_1_secret"));
    put(m, new PaymentAuthorized(RES, PI, 5000));
    put(m, new PaymentAuthorizationFailed(RES, "CARD_DECLINED", null));
    put(m, new PaymentAuthorizationExpired(RES, PI));
    put(m, new PaymentCaptured(RES, PI, 5000));
    put(m, new PaymentCaptureFailed(RES, "CARD_DECLINED", null));
    put(m, new PaymentVoided(RES, PI));
    put(m, new PaymentRefunded(RES, "re_1", 5000));
    put(m, new PaymentRefundFailed(RES, "PROVIDER_UNAVAILABLE", null));
    put(m, new PaymentOperationParked(RES, "CAPTURE", "503"));
    put(m, new VendorConfirmed(RES, VENDOR));
    put(m, new VendorDeclined(RES, VENDOR, "busy"));
    put(m, new RequesterCancelled(RES, REQUESTER));
    for (DeadlineKind k : DeadlineKind.values()) {
      put(m, new DeadlineFired(RES, k));
    }
    return m;
  }

  /** Labels of every message type (the table's columns). */
  static List<String> messageTypes() {
    return new ArrayList<>(everyMessage(started().next()).keySet());
  }

  private static void put(Map<String, SagaMessage> m, SagaMessage msg) {
    m.put(msg.label(), msg);
  }

  static Transition started() {
    return new ReservationSaga(policy(), TestClock.at(T0)).start(RES, SLOT, REQUESTER);
  }

  /**
   * Every reservation shape reachable from a new reservation by the messages of
   * {@link #everyMessage}, firing a deadline at its due time. Shapes ignore timestamps and cap
   * retry counters, so the search is finite.
   */
  static Map<String, SagaState> reachableStates() {
    Map<String, SagaState> seen = new LinkedHashMap<>();
    List<SagaState> frontier = new ArrayList<>();
    SagaState start = started().next();
    seen.put(shape(start), start);
    frontier.add(start);
    while (!frontier.isEmpty()) {
      List<SagaState> nextFrontier = new ArrayList<>();
      for (SagaState s : frontier) {
        for (SagaMessage msg : everyMessage(s).values()) {
          Transition t = apply(s, msg);
          String key = shape(t.next());
          if (!seen.containsKey(key)) {
            seen.put(key, t.next());
            nextFrontier.add(t.next());
          }
        }
      }
      frontier = nextFrontier;
    }
    return seen;
  }

  /** Applies a message at a plausible time: deadlines at their due time, anything else a second later. */
  static Transition apply(SagaState s, SagaMessage msg) {
    Instant at = s.updatedAt().plusSeconds(1);
    if (msg instanceof DeadlineFired f && s.deadlines().containsKey(f.kind())) {
      at = s.deadlines().get(f.kind());
    }
    return new ReservationSaga(policy(), TestClock.at(at)).transition(s, msg);
  }

  static String shape(SagaState s) {
    return s.state() + " hold=" + s.hold() + " payment=" + s.payment() + " vendor=" + s.vendorDecision()
        + (s.cancelRequested() ? " cancelRequested" : "") + " outcome=" + s.outcome()
        + " deadlines=" + s.deadlines().keySet() + " retried=" + (s.stepAttempt() > 0)
        + " captures=" + s.captureCount() + " holdId=" + (s.holdId() != null)
        + " booking=" + (s.bookingId() != null);
  }

  static Map<ReservationState, List<SagaState>> reachableByState() {
    Map<ReservationState, List<SagaState>> byState = new HashMap<>();
    reachableStates().values().forEach(s -> byState.computeIfAbsent(s.state(), k -> new ArrayList<>()).add(s));
    return byState;
  }

  private SagaFixtures() {}
}
