package com.bookiji.reservation.saga;

import static com.bookiji.reservation.saga.SagaFixtures.*;

import com.bookiji.platform.testkit.TestClock;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.saga.Command.*;
import com.bookiji.reservation.saga.SagaMessage.*;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small model of availability-service and payment-service (with a customer, a vendor and the
 * provider) that answers the saga's commands, plus a scheduler. Commands are processed in order per
 * service (one Kafka partition per reservation); events reach the saga in order per topic, but the
 * two topics interleave at random; some events are delivered twice; people and faults act at random.
 *
 * <p>It behaves like the real services where the saga can tell: availability refuses a hold of a
 * blocked slot, of a slot someone else holds and of a free slot (price 0; an older availability
 * that predates the rule holds it — {@code availabilityRefusesFreeSlots}); payment-service answers
 * an authorization of 0 with {@code INVALID_REQUEST}; amounts follow the slot's price; a command may
 * be dead-lettered (never answered); while the provider is down a payment operation is parked
 * ({@code PaymentOperationParked}), possibly applied at the provider with the answer lost, and the
 * sweep resumes it {@link #SWEEP_GRACE} later; time only moves forward.
 */
final class SagaWorld {
  enum Hold { NONE, ACTIVE, RELEASED, EXPIRED, BOOKED, BOOKING_CANCELLED }
  enum Intent { NONE, REQUIRES_PAYMENT_METHOD, AUTHORIZED, CAPTURED, CANCELLED, REFUNDED }

  /** payment-service's sweep resumes a parked operation this long after it was parked. */
  static final Duration SWEEP_GRACE = Duration.ofSeconds(30);
  /** At most this many commands are dead-lettered per run (each one is never answered). */
  static final int MAX_DEAD_LETTERS = 3;

  final Random random;
  final TestClock clock = TestClock.at(T0);
  final ReservationSaga saga = new ReservationSaga(policy(), clock);
  final long price;
  final boolean availabilityRefusesFreeSlots;
  SagaState state;
  Instant lastUpdatedAt;

  Hold hold = Hold.NONE;
  Intent intent = Intent.NONE;
  boolean slotBlocked;
  boolean captureFailsForGood;
  int providerCaptures;
  boolean vendorActed;
  boolean requesterCancelled;
  boolean slotTakenByOther;
  boolean providerDown;
  boolean nextCommandDeadLettered;
  int authorizationsSent;
  long amountCaptured;
  final List<Command> deadLetters = new ArrayList<>();
  /** Parked payment operations with the time the sweep resumes them, in parking order. */
  final LinkedList<Map.Entry<Command, Instant>> parked = new LinkedList<>();

  final LinkedList<Command> availabilityCommands = new LinkedList<>();
  final LinkedList<Command> paymentCommands = new LinkedList<>();
  final LinkedList<SagaMessage> availabilityEvents = new LinkedList<>();
  final LinkedList<SagaMessage> paymentEvents = new LinkedList<>();
  final List<String> violations = new ArrayList<>();
  final List<String> log = new ArrayList<>();

  SagaWorld(long seed) {
    this(seed, 5000, true);
  }

  SagaWorld(long seed, long price, boolean availabilityRefusesFreeSlots) {
    this.random = new Random(seed);
    this.price = price;
    this.availabilityRefusesFreeSlots = availabilityRefusesFreeSlots;
    accept(saga.start(RES, SLOT, REQUESTER));
  }

  // ------------------------------------------------------------------ saga side

  void deliver(SagaMessage m) {
    log.add("→ saga " + m.label());
    accept(saga.transition(state, m));
  }

  private void accept(Transition t) {
    SagaState before = t.previous();
    state = t.next();
    if (lastUpdatedAt != null && state.updatedAt().isBefore(lastUpdatedAt)) {
      violations.add("time went backwards: " + state.updatedAt() + " after " + lastUpdatedAt);
    }
    lastUpdatedAt = state.updatedAt();
    if (before != null && before.state() != state.state()) {
      log.add("  " + before.state() + " → " + state.state() + ": " + t.note());
    }
    if (t.stateChanged() && state.state().isFailure() && !state.outstandingCompensations().isEmpty()) {
      violations.add("entered " + state.state() + " owing " + state.outstandingCompensations());
    }
    for (Command c : t.commands()) {
      if (c instanceof CapturePayment && state.hold() != HoldStatus.COMMITTED) {
        violations.add("CapturePayment sent before the hold was committed");
      }
      if (c instanceof CapturePayment cp && cp.amountMinor() != price) {
        violations.add("capture of " + cp.amountMinor() + " for a slot priced " + price);
      }
      if (c instanceof AuthorizePayment a) {
        authorizationsSent++;
        if (a.amountMinor() != price || a.amountMinor() <= 0) {
          violations.add("AuthorizePayment of " + a.amountMinor() + " for a slot priced " + price);
        }
      }
      if (c instanceof HoldSlot || c instanceof ReleaseHold || c instanceof CommitHold
          || c instanceof CancelBooking) {
        availabilityCommands.add(c);
      } else if (!(c instanceof PublishStateChanged)) {
        paymentCommands.add(c);
      }
    }
    if (state.captureCount() > 1) {
      violations.add("more than one capture decision");
    }
  }

  // ------------------------------------------------------------------ availability-service

  void processAvailabilityCommand() {
    Command c = availabilityCommands.removeFirst();
    if (deadLettered(c)) {
      return;
    }
    log.add("availability ← " + c);
    if (c instanceof HoldSlot) {
      if (hold == Hold.NONE) {
        if (slotBlocked) {
          availabilityEvents.add(new SlotHoldRejected(RES, "SLOT_BLOCKED", null));
          return;
        }
        if (slotTakenByOther) {
          availabilityEvents.add(new SlotHoldRejected(RES, "SLOT_UNAVAILABLE", "held by another reservation"));
          return;
        }
        if (price == 0 && availabilityRefusesFreeSlots) {
          availabilityEvents.add(new SlotHoldRejected(RES, "SLOT_UNAVAILABLE", "the slot is free (price 0)"));
          return;
        }
        hold = Hold.ACTIVE;
      }
      if (hold == Hold.ACTIVE) {
        availabilityEvents.add(new SlotHeld(RES, SLOT, VENDOR, HOLD, clock.instant().plus(Duration.ofMinutes(15)),
            price, "EUR", T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)).plusSeconds(3600)));
      }
    } else if (c instanceof ReleaseHold) {
      if (hold == Hold.ACTIVE) {
        hold = Hold.RELEASED;
      }
      // Availability answers every release, even for a hold already gone (or turned into a booking).
      availabilityEvents.add(new HoldReleased(RES, hold == Hold.NONE ? null : HOLD));
    } else if (c instanceof CommitHold) {
      switch (hold) {
        case ACTIVE -> {
          if (slotBlocked) {
            availabilityEvents.add(new HoldCommitRejected(RES, HOLD, CommitRejection.AVAILABILITY_CHANGED, "blocked"));
          } else {
            hold = Hold.BOOKED;
            availabilityEvents.add(new HoldCommitted(RES, HOLD, BOOKING));
          }
        }
        case BOOKED -> availabilityEvents.add(new HoldCommitted(RES, HOLD, BOOKING));
        case EXPIRED -> availabilityEvents.add(new HoldCommitRejected(RES, HOLD, CommitRejection.HOLD_EXPIRED, null));
        case NONE -> availabilityEvents.add(new HoldCommitRejected(RES, HOLD, CommitRejection.HOLD_NOT_FOUND, null));
        default -> availabilityEvents.add(new HoldCommitRejected(RES, HOLD, CommitRejection.HOLD_RELEASED, null));
      }
    } else if (c instanceof CancelBooking) {
      if (hold == Hold.BOOKED) {
        hold = Hold.BOOKING_CANCELLED;
      }
      availabilityEvents.add(new BookingCancelled(RES, BOOKING));
    }
  }

  void expireHold() {
    if (hold == Hold.ACTIVE) {
      hold = Hold.EXPIRED;
      log.add("availability: hold TTL reached");
      availabilityEvents.add(new HoldExpired(RES, HOLD));
    }
  }

  // ------------------------------------------------------------------ payment-service and provider

  void processPaymentCommand() {
    Command c = paymentCommands.removeFirst();
    if (deadLettered(c)) {
      return;
    }
    log.add("payment ← " + c);
    if (c instanceof VoidPayment) {
      // A void takes over a parked authorization (payment-service voids the payment row, the
      // sweep no longer resumes it); a parked capture answers for itself when it is resumed.
      parked.removeIf(p -> p.getKey() instanceof AuthorizePayment);
    }
    if (c instanceof AuthorizePayment a && a.amountMinor() <= 0) {
      paymentEvents.add(new PaymentAuthorizationFailed(RES, "INVALID_REQUEST", "positive amount needed"));
      return;
    }
    if (providerDown) {
      park(c);
      return;
    }
    applyAtProvider(c);
  }

  /** Retries exhausted with the provider's answer unknown: parked; it may have applied the call. */
  private void park(Command c) {
    if (random.nextBoolean()) {
      log.add("provider applied " + c.getClass().getSimpleName() + ", answer lost");
      int before = paymentEvents.size();
      applyAtProvider(c);
      while (paymentEvents.size() > before) {
        paymentEvents.removeLast(); // nobody heard the answer
      }
    }
    parked.add(Map.entry(c, clock.instant().plus(SWEEP_GRACE)));
    String operation = c instanceof AuthorizePayment ? "AUTHORIZE" : c instanceof CapturePayment
        ? "CAPTURE" : c instanceof VoidPayment ? "VOID" : "REFUND";
    paymentEvents.add(new PaymentOperationParked(RES, operation, "provider unavailable"));
  }

  /** The sweep resumes the oldest parked operation (the provider answers by now). */
  void resumeParked() {
    Map.Entry<Command, Instant> p = parked.removeFirst();
    clock.advanceTo(p.getValue());
    log.add("sweep resumes " + p.getKey());
    applyAtProvider(p.getKey());
  }

  private void applyAtProvider(Command c) {
    if (c instanceof AuthorizePayment) {
      if (intent == Intent.NONE) {
        intent = Intent.REQUIRES_PAYMENT_METHOD;
      }
      if (intent == Intent.REQUIRES_PAYMENT_METHOD) {
        paymentEvents.add(new PaymentAuthorizationStarted(RES, PI, "pi_1_secret"));
      }
    } else if (c instanceof CapturePayment) {
      if (intent == Intent.AUTHORIZED && !captureFailsForGood) {
        if (hold != Hold.BOOKED) {
          violations.add("money captured without a booking");
        }
        intent = Intent.CAPTURED;
        providerCaptures++;
        amountCaptured = price;
        paymentEvents.add(new PaymentCaptured(RES, PI, price));
      } else if (intent == Intent.CAPTURED) {
        paymentEvents.add(new PaymentCaptured(RES, PI, price)); // idempotent replay
      } else {
        paymentEvents.add(new PaymentCaptureFailed(RES, "CARD_DECLINED", null));
      }
    } else if (c instanceof VoidPayment) {
      if (intent == Intent.REQUIRES_PAYMENT_METHOD || intent == Intent.AUTHORIZED) {
        intent = Intent.CANCELLED;
      }
      if (intent == Intent.NONE || intent == Intent.CANCELLED) {
        paymentEvents.add(new PaymentVoided(RES, intent == Intent.NONE ? null : PI));
      }
      // A captured intent cannot be voided: the saga learns of the capture from the same stream.
    } else if (c instanceof RefundPayment) {
      if (intent == Intent.CAPTURED) {
        intent = Intent.REFUNDED;
      }
      if (intent == Intent.REFUNDED) {
        paymentEvents.add(new PaymentRefunded(RES, "re_1", price));
      }
    }
  }

  /** A command that failed for good (or past the transient bound) goes to the dead-letter topic: never answered. */
  private boolean deadLettered(Command c) {
    if (!nextCommandDeadLettered) {
      return false;
    }
    nextCommandDeadLettered = false;
    deadLetters.add(c);
    log.add("dead-lettered " + c);
    return true;
  }

  void customerConfirmsCard(boolean succeeds) {
    if (intent == Intent.REQUIRES_PAYMENT_METHOD) {
      if (succeeds) {
        intent = Intent.AUTHORIZED;
        paymentEvents.add(new PaymentAuthorized(RES, PI, price));
      } else {
        paymentEvents.add(new PaymentAuthorizationFailed(RES, "CARD_DECLINED", null));
      }
    }
  }

  void providerExpiresAuthorization() {
    if (intent == Intent.AUTHORIZED) {
      intent = Intent.CANCELLED;
      paymentEvents.add(new PaymentAuthorizationExpired(RES, PI));
    }
  }

  // ------------------------------------------------------------------ scheduler

  /** The next thing due: the saga's earliest deadline or the sweep's resumption of a parked operation. */
  boolean fireEarliestTimer() {
    Map.Entry<DeadlineKind, Instant> deadline = state.deadlines().entrySet().stream()
        .min(Map.Entry.comparingByValue()).orElse(null);
    Instant sweep = parked.isEmpty() ? null : parked.getFirst().getValue();
    if (sweep != null && (deadline == null || !sweep.isAfter(deadline.getValue()))) {
      resumeParked();
      return true;
    }
    return deadline != null && fire(deadline.getKey(), deadline.getValue());
  }

  boolean fireRandomDeadline() {
    List<Map.Entry<DeadlineKind, Instant>> due = new ArrayList<>(state.deadlines().entrySet());
    if (due.isEmpty()) {
      return false;
    }
    due.sort(Comparator.comparing(Map.Entry::getKey));
    Map.Entry<DeadlineKind, Instant> e = due.get(random.nextInt(due.size()));
    return fire(e.getKey(), e.getValue());
  }

  private boolean fire(DeadlineKind kind, Instant due) {
    clock.advanceTo(due);
    deliver(new DeadlineFired(RES, kind));
    return true;
  }

  // ------------------------------------------------------------------ the run

  /** Random actions for a while, then everyone behaves until the saga settles. */
  void run(int chaosSteps) {
    run(chaosSteps, false);
  }

  /** cooperative: once the chaos is over, the vendor confirms and the customer pays before any timer fires. */
  void run(int chaosSteps, boolean cooperative) {
    for (int i = 0; i < chaosSteps; i++) {
      clock.advance(Duration.ofSeconds(random.nextInt(20)));
      switch (random.nextInt(14)) {
        case 0, 1 -> { if (!availabilityCommands.isEmpty()) processAvailabilityCommand(); }
        case 2, 3 -> { if (!paymentCommands.isEmpty()) processPaymentCommand(); }
        case 4, 5 -> deliverNext(availabilityEvents);
        case 6, 7 -> deliverNext(paymentEvents);
        case 8 -> customerConfirmsCard(random.nextInt(4) != 0);
        case 9 -> {
          if (!vendorActed && state.vendorId() != null) {
            vendorActed = true;
            deliver(random.nextInt(4) != 0 ? new VendorConfirmed(RES, VENDOR) : new VendorDeclined(RES, VENDOR, "no"));
          }
        }
        case 10 -> {
          if (!requesterCancelled && random.nextInt(4) == 0) {
            requesterCancelled = true;
            deliver(new RequesterCancelled(RES, REQUESTER));
          }
        }
        case 11 -> {
          if (random.nextInt(4) == 0) fireRandomDeadline();
        }
        case 12 -> {
          int fault = random.nextInt(8);
          if (fault == 0) expireHold();
          if (fault == 1) slotBlocked = true;
          if (fault == 2) providerExpiresAuthorization();
          if (fault == 3) captureFailsForGood = true;
          if (fault == 4) slotTakenByOther = true;
          if (fault == 5) providerDown = !providerDown;
          if (fault == 6 && deadLetters.size() < MAX_DEAD_LETTERS) nextCommandDeadLettered = true;
          if (fault == 7 && !parked.isEmpty() && !providerDown
              && !clock.instant().isBefore(parked.getFirst().getValue())) resumeParked();
        }
        default -> {
          if (random.nextBoolean() && !paymentEvents.isEmpty()) {
            deliver(paymentEvents.get(random.nextInt(paymentEvents.size()))); // a duplicate
          } else if (!availabilityEvents.isEmpty()) {
            deliver(availabilityEvents.get(random.nextInt(availabilityEvents.size())));
          }
        }
      }
    }
    // From here on the provider answers and nothing more is dead-lettered.
    providerDown = false;
    nextCommandDeadLettered = false;
    for (int i = 0; i < 2_000 && !settled(); i++) {
      if (!availabilityCommands.isEmpty()) {
        processAvailabilityCommand();
      } else if (!paymentCommands.isEmpty()) {
        processPaymentCommand();
      } else if (!availabilityEvents.isEmpty()) {
        deliverNext(availabilityEvents);
      } else if (!paymentEvents.isEmpty()) {
        deliverNext(paymentEvents);
      } else if (cooperative && intent == Intent.REQUIRES_PAYMENT_METHOD) {
        customerConfirmsCard(true);
      } else if (cooperative && !vendorActed && state.vendorId() != null) {
        vendorActed = true;
        deliver(new VendorConfirmed(RES, VENDOR));
      } else {
        fireEarliestTimer();
      }
    }
  }

  private void deliverNext(LinkedList<SagaMessage> events) {
    if (!events.isEmpty()) {
      SagaMessage m = events.removeFirst();
      deliver(m);
      if (random.nextInt(10) == 0) {
        deliver(m); // delivered twice
      }
    }
  }

  boolean settled() {
    return state.state().isTerminal() && state.outstandingCompensations().isEmpty()
        && availabilityCommands.isEmpty() && paymentCommands.isEmpty()
        && availabilityEvents.isEmpty() && paymentEvents.isEmpty() && parked.isEmpty();
  }

  String history() {
    return String.join("\n", log);
  }

  PaymentStatus sagaPayment() {
    return state.payment();
  }
}
