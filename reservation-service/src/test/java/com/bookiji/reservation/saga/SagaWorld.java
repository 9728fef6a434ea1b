package com.bookiji.reservation.saga;

import static com.bookiji.reservation.saga.SagaFixtures.*;

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
 */
final class SagaWorld {
  enum Hold { NONE, ACTIVE, RELEASED, EXPIRED, BOOKED, BOOKING_CANCELLED }
  enum Intent { NONE, REQUIRES_PAYMENT_METHOD, AUTHORIZED, CAPTURED, CANCELLED, REFUNDED }

  final Random random;
  final MutableClock clock = new MutableClock(T0);
  final ReservationSaga saga = new ReservationSaga(policy(), clock);
  SagaState state;

  Hold hold = Hold.NONE;
  Intent intent = Intent.NONE;
  boolean slotBlocked;
  boolean captureFailsForGood;
  int providerCaptures;
  boolean vendorActed;
  boolean requesterCancelled;

  final LinkedList<Command> availabilityCommands = new LinkedList<>();
  final LinkedList<Command> paymentCommands = new LinkedList<>();
  final LinkedList<SagaMessage> availabilityEvents = new LinkedList<>();
  final LinkedList<SagaMessage> paymentEvents = new LinkedList<>();
  final List<String> violations = new ArrayList<>();
  final List<String> log = new ArrayList<>();

  SagaWorld(long seed) {
    this.random = new Random(seed);
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
    log.add("availability ← " + c);
    if (c instanceof HoldSlot) {
      if (hold == Hold.NONE) {
        if (slotBlocked) {
          availabilityEvents.add(new SlotHoldRejected(RES, "SLOT_BLOCKED", null));
          return;
        }
        hold = Hold.ACTIVE;
      }
      if (hold == Hold.ACTIVE) {
        availabilityEvents.add(new SlotHeld(RES, SLOT, VENDOR, HOLD, clock.instant().plus(Duration.ofMinutes(15)),
            5000, "EUR", T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)).plusSeconds(3600)));
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
    log.add("payment ← " + c);
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
        paymentEvents.add(new PaymentCaptured(RES, PI, 5000));
      } else if (intent == Intent.CAPTURED) {
        paymentEvents.add(new PaymentCaptured(RES, PI, 5000)); // idempotent replay
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
        paymentEvents.add(new PaymentRefunded(RES, "re_1", 5000));
      }
    }
  }

  void customerConfirmsCard(boolean succeeds) {
    if (intent == Intent.REQUIRES_PAYMENT_METHOD) {
      if (succeeds) {
        intent = Intent.AUTHORIZED;
        paymentEvents.add(new PaymentAuthorized(RES, PI, 5000));
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

  boolean fireEarliestDeadline() {
    return state.deadlines().entrySet().stream().min(Map.Entry.comparingByValue())
        .map(e -> fire(e.getKey(), e.getValue())).orElse(false);
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
    clock.set(due);
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
        fireEarliestDeadline();
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
        && availabilityEvents.isEmpty() && paymentEvents.isEmpty();
  }

  String history() {
    return String.join("\n", log);
  }

  PaymentStatus sagaPayment() {
    return state.payment();
  }
}
