package com.bookiji.reservation.saga;

import static com.bookiji.reservation.domain.ReservationState.*;

import com.bookiji.reservation.domain.Compensation;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.domain.VendorDecision;
import com.bookiji.reservation.saga.Command.*;
import com.bookiji.reservation.saga.SagaMessage.*;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The reservation saga as one pure transition function: {@code (state, message) → transition}.
 *
 * <p>Reading guide. Every message first updates the <em>facts</em> (hold, payment; {@link SagaFacts})
 * — availability and payment are the truth about those, whatever state we are in. Then the state
 * decides:
 * <pre>
 *   HOLD_PENDING ──SlotHeld──▶ AWAITING_CONFIRMATIONS (AuthorizePayment ∥ vendor decision)
 *   HOLD_PENDING ──SlotHeld at price 0──▶ COMPENSATING (release) ──▶ REJECTED (free slots are not reservable)
 *   AWAITING_CONFIRMATIONS ──authorized ∧ vendor confirmed──▶ COMMIT_PENDING (CommitHold)
 *   COMMIT_PENDING ──HoldCommitted──▶ CAPTURE_PENDING (CapturePayment)
 *   CAPTURE_PENDING ──PaymentCaptured──▶ CONFIRMED
 *   any failure ──▶ COMPENSATING (release / cancel booking / void / refund, as the facts require)
 *                   ──all acknowledged──▶ the decided terminal state
 * </pre>
 * Compensations are derived from the facts ({@link SagaState#outstandingCompensations()}), so a
 * late success (a SlotHeld, PaymentAuthorized, HoldCommitted or PaymentCaptured that arrives while
 * compensating or after the outcome) creates a new obligation and its command is sent at once,
 * then retried on the COMPENSATION_RESPONSE deadline until acknowledged. Every step that waits for
 * an answer (commit, capture, compensation) re-sends on its response deadline with backoff
 * ({@code Step.resendWithBackoff}).
 */
public final class ReservationSaga {

  private final SagaPolicy policy;
  private final Clock clock;

  public ReservationSaga(SagaPolicy policy, Clock clock) {
    this.policy = Objects.requireNonNull(policy);
    this.clock = Objects.requireNonNull(clock);
  }

  public SagaPolicy policy() {
    return policy;
  }

  /** A new reservation: ask availability to hold the slot. */
  public Transition start(String reservationId, String slotId, String requesterId) {
    Instant now = clock.instant();
    SagaState state = new SagaState.Builder()
        .reservationId(reservationId).slotId(slotId).requesterId(requesterId)
        .state(HOLD_PENDING).hold(HoldStatus.REQUESTED).payment(PaymentStatus.NONE)
        .vendorDecision(VendorDecision.PENDING)
        .deadline(DeadlineKind.HOLD_RESPONSE, now.plus(policy.holdResponseTimeout()))
        .createdAt(now).updatedAt(now)
        .build();
    List<Command> commands = List.of(
        new HoldSlot(slotId, requesterId, (int) policy.holdTtl().toSeconds()),
        new PublishStateChanged(null, HOLD_PENDING.name(), false, "ReservationRequested",
            "hold requested", now));
    return Transition.between(null, state, commands, "reservation requested; HoldSlot sent");
  }

  public Transition transition(SagaState state, SagaMessage message) {
    Step step = new Step(state, message);
    if (!state.reservationId().equals(message.reservationId())) {
      return step.ignore("message for another saga (" + message.reservationId() + ")");
    }
    String stale = staleReason(state, message);
    if (stale != null) {
      return step.ignore(stale);
    }
    if (message instanceof SlotHeld held && state.holdId() != null
        && !state.holdId().equals(held.holdId())) {
      // A second hold for one reservation must never block a slot: release it, keep ours.
      step.send(new ReleaseHold(held.holdId(), "duplicate hold"));
      return step.done("unexpected second hold " + held.holdId() + " released");
    }
    if (message instanceof DeadlineFired fired) {
      Instant due = state.deadlines().get(fired.kind());
      if (due == null || step.now.isBefore(due)) {
        return step.ignore("stale deadline " + fired.kind());
      }
      step.b.clearDeadline(fired.kind());
    }
    SagaFacts.apply(state, message, step.b, step::note);
    switch (state.state()) {
      case HOLD_PENDING -> holdPending(step);
      case AWAITING_CONFIRMATIONS -> awaitingConfirmations(step);
      case COMMIT_PENDING -> commitPending(step);
      case CAPTURE_PENDING -> capturePending(step);
      case CONFIRMED -> confirmed(step);
      default -> settling(step);
    }
    return step.done(null);
  }

  // ---------------------------------------------------------------- states

  private void holdPending(Step step) {
    SagaMessage m = step.message;
    if (m instanceof SlotHeld held && held.priceAmountMinor() <= 0) {
      // Free slots are refused where they are created; one held from before that rule would
      // otherwise ask for an authorization no provider grants and block the slot meanwhile.
      step.compensate(REJECTED, "free slot (price " + held.priceAmountMinor()
          + "): reservations need a positive amount to authorize");
    } else if (m instanceof SlotHeld held) {
      enterAwaitingConfirmations(step, held);
    } else if (m instanceof SlotHoldRejected rejected) {
      step.compensate(REJECTED, "hold rejected: " + rejected.reason());
    } else if (m instanceof HoldReleased) {
      step.compensate(FAILED_AVAILABILITY_CHANGED, "hold released before it was confirmed");
    } else if (m instanceof HoldExpired) {
      step.compensate(EXPIRED, "hold expired before it was confirmed");
    } else if (m instanceof RequesterCancelled) {
      step.compensate(CANCELLED, "cancelled by the requester");
    } else if (m instanceof DeadlineFired f && f.kind() == DeadlineKind.HOLD_RESPONSE) {
      step.compensate(EXPIRED, holdUnanswered(f.awaitedCommand()));
    }
  }

  /** What is known about the unanswered HoldSlot, so that on-call opens the right service. */
  private String holdUnanswered(CommandDelivery holdSlot) {
    String waited = " (waited " + policy.holdResponseTimeout().toSeconds() + " s for SlotHeld or SlotHoldRejected)";
    if (holdSlot instanceof CommandDelivery.StillInOutbox s) {
      return "HoldSlot was not yet published: written at " + s.writtenAt()
          + ", still in reservation-service's own outbox at " + s.checkedAt()
          + "; availability never saw it, look at reservation-service's outbox relay" + waited;
    }
    if (holdSlot instanceof CommandDelivery.Published p) {
      return "availability did not answer HoldSlot: published to availability.commands between "
          + p.writtenAt() + " (written) and " + p.checkedAt()
          + " (gone from reservation-service's outbox); look at availability-service" + waited;
    }
    return "availability did not answer HoldSlot in time" + waited;
  }

  private void enterAwaitingConfirmations(Step step, SlotHeld held) {
    Instant now = step.now;
    step.b.state(AWAITING_CONFIRMATIONS).payment(PaymentStatus.REQUESTED).paymentAttempt(1)
        .clearDeadlines()
        .deadline(DeadlineKind.VENDOR_DECISION, now.plus(policy.vendorDecisionTimeout()))
        .deadline(DeadlineKind.PAYMENT_AUTHORIZATION, now.plus(policy.paymentAuthorizationTimeout()))
        .deadline(DeadlineKind.HOLD_EXPIRY, held.expiresAt());
    step.send(new AuthorizePayment(step.from.requesterId(), held.priceAmountMinor(), held.currency(), 1));
    step.note("slot held until " + held.expiresAt() + "; authorization requested; awaiting vendor");
  }

  private void awaitingConfirmations(Step step) {
    SagaState s = step.from;
    SagaMessage m = step.message;
    PaymentStatus payment = step.b.build().payment();
    if (m instanceof PaymentAuthorized) {
      if (s.payment() == PaymentStatus.AUTHORIZED) {
        return;
      }
      step.b.clearDeadline(DeadlineKind.PAYMENT_AUTHORIZATION);
      if (s.vendorDecision() == VendorDecision.CONFIRMED) {
        enterCommitPending(step);
      } else {
        step.note("payment authorized; awaiting vendor");
      }
    } else if (m instanceof VendorConfirmed v) {
      if (!v.vendorId().equals(s.vendorId())) {
        step.note("ignored: decision by another vendor " + v.vendorId());
        return;
      }
      if (s.vendorDecision() != VendorDecision.PENDING) {
        return;
      }
      step.b.vendorDecision(VendorDecision.CONFIRMED).clearDeadline(DeadlineKind.VENDOR_DECISION);
      if (s.payment() == PaymentStatus.AUTHORIZED) {
        enterCommitPending(step);
      } else {
        step.note("vendor confirmed; awaiting payment authorization");
      }
    } else if (m instanceof VendorDeclined d) {
      if (!d.vendorId().equals(s.vendorId()) || s.vendorDecision() != VendorDecision.PENDING) {
        step.note("ignored: decline not applicable");
        return;
      }
      step.b.vendorDecision(VendorDecision.DECLINED);
      step.compensate(FAILED_VENDOR_DECLINED,
          "vendor declined" + (d.reason() == null ? "" : ": " + d.reason()));
    } else if (m instanceof PaymentAuthorizationFailed f) {
      if (payment == PaymentStatus.FAILED) {
        step.compensate(FAILED_PAYMENT, "authorization failed: " + f.reason());
      }
    } else if (m instanceof PaymentAuthorizationExpired) {
      if (payment == PaymentStatus.EXPIRED) {
        step.compensate(FAILED_PAYMENT, "authorization expired at the provider");
      }
    } else if (m instanceof PaymentVoided) {
      if (payment == PaymentStatus.VOIDED) {
        step.compensate(FAILED_PAYMENT, "payment voided before commit");
      }
    } else if (m instanceof PaymentCaptured) {
      step.compensate(FAILED_PAYMENT, "payment captured before commit");
    } else if (m instanceof HoldExpired) {
      step.compensate(EXPIRED, "hold expired");
    } else if (m instanceof HoldReleased) {
      step.compensate(FAILED_AVAILABILITY_CHANGED, "hold released by availability");
    } else if (m instanceof RequesterCancelled) {
      step.compensate(CANCELLED, "cancelled by the requester");
    } else if (m instanceof DeadlineFired f) {
      step.compensate(EXPIRED, switch (f.kind()) {
        case VENDOR_DECISION -> "vendor did not decide in time";
        case PAYMENT_AUTHORIZATION -> "requester did not authorize the payment in time";
        case HOLD_EXPIRY -> "hold expired";
        default -> "deadline " + f.kind();
      });
    }
  }

  private void enterCommitPending(Step step) {
    step.b.state(COMMIT_PENDING).stepAttempt(0).clearDeadlines()
        .deadline(DeadlineKind.COMMIT_RESPONSE, step.now.plus(policy.commitResponseTimeout()));
    step.send(new CommitHold(step.from.holdId()));
    step.note("payment authorized and vendor confirmed; CommitHold sent");
  }

  private void commitPending(Step step) {
    SagaState s = step.from;
    SagaMessage m = step.message;
    if (m instanceof HoldCommitted) {
      if (step.b.build().hold() != HoldStatus.COMMITTED) {
        step.compensate(FAILED_AVAILABILITY_CHANGED, "booking already cancelled at commit");
      } else if (s.cancelRequested()) {
        step.compensate(CANCELLED, "cancelled by the requester during commit");
      } else if (step.b.build().payment() != PaymentStatus.AUTHORIZED) {
        step.compensate(FAILED_PAYMENT, "authorization no longer valid at commit");
      } else {
        enterCapturePending(step);
      }
    } else if (m instanceof HoldCommitRejected r) {
      ReservationState outcome = switch (r.reason()) {
        case AVAILABILITY_CHANGED -> FAILED_AVAILABILITY_CHANGED;
        case HOLD_EXPIRED -> EXPIRED;
        default -> FAILED_COMMIT;
      };
      step.compensate(s.cancelRequested() ? CANCELLED : outcome,
          "commit rejected: " + r.reason() + (r.detail() == null ? "" : " (" + r.detail() + ")"));
    } else if (m instanceof RequesterCancelled) {
      if (!s.cancelRequested()) {
        step.b.cancelRequested(true);
        step.note("cancellation recorded; applied when availability answers the commit");
      }
    } else if (m instanceof DeadlineFired f && f.kind() == DeadlineKind.COMMIT_RESPONSE) {
      step.resendWithBackoff(DeadlineKind.COMMIT_RESPONSE, policy.commitResponseTimeout(),
          List.of(new CommitHold(s.holdId())), "no commit answer; CommitHold re-sent");
    }
  }

  private void enterCapturePending(Step step) {
    SagaState s = step.from;
    step.b.state(CAPTURE_PENDING).stepAttempt(0).captureCount(s.captureCount() + 1).clearDeadlines()
        .deadline(DeadlineKind.CAPTURE_RESPONSE, step.now.plus(policy.captureResponseTimeout()));
    step.send(new CapturePayment(s.amountMinor()));
    step.note("booking committed; CapturePayment sent");
  }

  private void capturePending(Step step) {
    SagaState s = step.from;
    SagaState facts = step.b.build();
    SagaMessage m = step.message;
    if (m instanceof PaymentCaptured) {
      if (s.cancelRequested()) {
        step.compensate(CANCELLED, "cancelled by the requester during capture");
      } else if (facts.hold() != HoldStatus.COMMITTED) {
        step.compensate(FAILED_AVAILABILITY_CHANGED, "booking cancelled during capture");
      } else {
        step.b.state(CONFIRMED).outcome(CONFIRMED).clearDeadlines();
        step.note("payment captured; reservation confirmed");
      }
    } else if (m instanceof PaymentCaptureFailed f) {
      step.compensate(s.cancelRequested() ? CANCELLED : FAILED_PAYMENT, "capture failed: " + f.reason());
    } else if (m instanceof BookingCancelled && facts.hold() == HoldStatus.BOOKING_CANCELLED) {
      // A capture may already be under way: void now; a PaymentCaptured that follows turns into a refund.
      step.compensate(s.cancelRequested() ? CANCELLED : FAILED_AVAILABILITY_CHANGED,
          "booking cancelled at availability during capture");
    } else if (m instanceof PaymentVoided && facts.payment() == PaymentStatus.VOIDED) {
      step.compensate(FAILED_PAYMENT, "authorization voided before capture");
    } else if (m instanceof PaymentAuthorizationExpired && facts.payment() == PaymentStatus.EXPIRED) {
      step.compensate(FAILED_PAYMENT, "authorization expired before capture");
    } else if (m instanceof RequesterCancelled) {
      if (!s.cancelRequested()) {
        step.b.cancelRequested(true);
        step.note("cancellation recorded; applied when payment answers the capture");
      }
    } else if (m instanceof DeadlineFired f && f.kind() == DeadlineKind.CAPTURE_RESPONSE) {
      // Same reservation, same operation: payment-service reuses the Stripe idempotency key.
      step.resendWithBackoff(DeadlineKind.CAPTURE_RESPONSE, policy.captureResponseTimeout(),
          List.of(new CapturePayment(s.amountMinor())), "no capture answer; CapturePayment re-sent");
    }
  }

  private void confirmed(Step step) {
    SagaMessage m = step.message;
    if (m instanceof RequesterCancelled) {
      step.compensate(CANCELLED, "cancelled by the requester after confirmation");
    } else if (m instanceof BookingCancelled && step.b.build().hold() == HoldStatus.BOOKING_CANCELLED) {
      step.compensate(CANCELLED, "booking cancelled at availability");
    }
  }

  /** COMPENSATING and the failure terminal states: acknowledge undos, compensate late successes. */
  private void settling(Step step) {
    SagaState s = step.from;
    if (step.message instanceof DeadlineFired f && f.kind() == DeadlineKind.COMPENSATION_RESPONSE) {
      Set<Compensation> owed = step.b.build().outstandingCompensations();
      step.resendWithBackoff(DeadlineKind.COMPENSATION_RESPONSE, policy.compensationResponseTimeout(),
          owed.stream().map(step::commandFor).toList(), "compensation not acknowledged; re-sent " + owed);
      step.settle(Set.of());
      return;
    }
    if (step.message instanceof RequesterCancelled || step.message instanceof VendorConfirmed
        || step.message instanceof VendorDeclined) {
      step.note("ignored: reservation is already " + (s.state() == COMPENSATING ? "ending" : "ended"));
      return;
    }
    Set<Compensation> before = s.outstandingCompensations();
    Set<Compensation> after = step.b.build().outstandingCompensations();
    EnumSet<Compensation> arisen = EnumSet.noneOf(Compensation.class);
    arisen.addAll(after);
    arisen.removeAll(before);
    arisen.forEach(c -> step.send(step.commandFor(c)));
    if (!arisen.isEmpty()) {
      step.note("late " + step.message.label() + " compensated at once: " + arisen);
    }
    step.settle(arisen);
  }

  // ---------------------------------------------------------------- helpers

  /** Facts about a hold or booking we no longer (or never) had are stale. */
  private static String staleReason(SagaState s, SagaMessage m) {
    String holdId = null;
    if (m instanceof HoldReleased r) {
      holdId = r.holdId();
    } else if (m instanceof HoldExpired e) {
      holdId = e.holdId();
    } else if (m instanceof HoldCommitted c) {
      holdId = c.holdId();
    } else if (m instanceof HoldCommitRejected r) {
      holdId = r.holdId();
    }
    if (holdId != null && s.holdId() != null && !holdId.equals(s.holdId())) {
      return "stale hold " + holdId;
    }
    if (m instanceof BookingCancelled bc && s.bookingId() != null && bc.bookingId() != null
        && !bc.bookingId().equals(s.bookingId())) {
      return "stale booking " + bc.bookingId();
    }
    return null;
  }

  /** Accumulates one step's changes. */
  private final class Step {
    final SagaState from;
    final SagaMessage message;
    final SagaState.Builder b;
    final Instant now;
    final List<Command> commands = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Step(SagaState from, SagaMessage message) {
      this.from = from;
      this.message = message;
      this.b = from.with();
      this.now = clock.instant();
    }

    void send(Command c) {
      commands.add(c);
    }

    void note(String n) {
      notes.add(n);
    }

    Transition ignore(String why) {
      return new Transition(from, from, List.of(), java.util.Map.of(), Set.of(), "ignored: " + why);
    }

    /** The outcome is decided: undo what the facts require, or end at once if nothing is owed. */
    void compensate(ReservationState outcome, String detail) {
      b.outcome(outcome).outcomeDetail(detail).stepAttempt(0).clearDeadlines().state(COMPENSATING);
      Set<Compensation> owed = b.build().outstandingCompensations();
      owed.forEach(c -> send(commandFor(c)));
      if (owed.isEmpty()) {
        b.state(outcome);
        note(detail);
      } else {
        b.deadline(DeadlineKind.COMPENSATION_RESPONSE, now.plus(policy.compensationResponseTimeout()));
        note(detail + "; compensating " + owed);
      }
    }

    /**
     * A response deadline fired and the answer is still awaited: send the same commands again (their
     * receivers answer them idempotently) and wait again, twice as long as the attempt before
     * (capped at {@link SagaPolicy#maxBackoff()}).
     */
    void resendWithBackoff(DeadlineKind awaiting, Duration responseTimeout, List<Command> again, String what) {
      int attempt = from.stepAttempt() + 1;
      b.stepAttempt(attempt).deadline(awaiting, now.plus(policy.backoff(responseTimeout, attempt)));
      again.forEach(this::send);
      note(what + " (attempt " + (attempt + 1) + ")");
    }

    /** After a settling step: end compensation when nothing is owed; keep a retry deadline while something is. */
    void settle(Set<Compensation> arisen) {
      SagaState facts = b.build();
      if (facts.outstandingCompensations().isEmpty()) {
        b.clearDeadline(DeadlineKind.COMPENSATION_RESPONSE).stepAttempt(0);
        if (facts.state() == COMPENSATING) {
          b.state(facts.outcome());
          note("compensation complete");
        }
      } else if (!arisen.isEmpty() || !facts.deadlines().containsKey(DeadlineKind.COMPENSATION_RESPONSE)) {
        b.deadline(DeadlineKind.COMPENSATION_RESPONSE, now.plus(policy.compensationResponseTimeout()));
      }
    }

    Command commandFor(Compensation c) {
      SagaState s = b.build();
      String reason = s.outcome() == null ? "COMPENSATION" : s.outcome().name();
      return switch (c) {
        case RELEASE_HOLD -> new ReleaseHold(s.holdId(), reason);
        case CANCEL_BOOKING -> new CancelBooking(s.bookingId(), reason);
        case VOID_PAYMENT -> new VoidPayment(reason);
        case REFUND_PAYMENT -> new RefundPayment(null, reason);
      };
    }

    Transition done(String extraNote) {
      if (extraNote != null) {
        notes.add(extraNote);
      }
      SagaState next = b.build();
      boolean changed = !next.equals(from) || !commands.isEmpty();
      if (!changed) {
        String why = notes.isEmpty() ? "duplicate or no effect in " + from.state() : String.join("; ", notes);
        return new Transition(from, from, List.of(), java.util.Map.of(), Set.of(), "ignored: " + why);
      }
      next = next.with().updatedAt(now).build();
      List<Command> out = new ArrayList<>(commands);
      String note = notes.isEmpty() ? message.label() + " recorded" : String.join("; ", notes);
      if (next.state() != from.state()) {
        out.add(new PublishStateChanged(from.state().name(), next.state().name(),
            next.state().isTerminal(), message.label(),
            next.state().isTerminal() ? Objects.requireNonNullElse(next.outcomeDetail(), note) : note, now));
      }
      return Transition.between(from, next, out, note);
    }
  }
}
