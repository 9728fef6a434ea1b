package com.bookiji.reservation.saga;

import static com.bookiji.reservation.saga.SagaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.testkit.TestClock;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.saga.Command.PublishStateChanged;
import com.bookiji.reservation.saga.SagaMessage.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The saga as a table: every state × every message type, over every reachable shape of each state
 * (hold, payment, vendor, cancellation and deadline facts), with the rules every cell must obey —
 * plus the expected outcome of the cells that make up the saga's main paths.
 */
@DisplayName("The reservation saga transition table")
class SagaTableTest {

  private static final Map<ReservationState, List<SagaState>> REACHABLE = reachableByState();

  static Stream<Arguments> everyStateTimesEveryMessage() {
    List<Arguments> cells = new ArrayList<>();
    for (ReservationState state : ReservationState.values()) {
      for (String type : messageTypes()) {
        cells.add(Arguments.of(state, type));
      }
    }
    return cells.stream();
  }

  @Test
  @DisplayName("every state of the saga is reachable")
  void everyStateIsReachable() {
    assertThat(REACHABLE.keySet()).containsExactlyInAnyOrder(ReservationState.values());
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("everyStateTimesEveryMessage")
  @DisplayName("every cell obeys the saga's rules, for duplicates and foreign messages too")
  void everyCellObeysTheRules(ReservationState state, String type) {
    SoftAssertions soft = new SoftAssertions();
    for (SagaState s : REACHABLE.get(state)) {
      SagaMessage msg = everyMessage(s).get(type);
      Instant at = atFor(s, msg);
      Transition t = at(at).transition(s, msg);
      SagaState next = t.next();
      String cell = shape(s) + " × " + type + " → " + shape(next);

      long published = t.commands().stream().filter(PublishStateChanged.class::isInstance).count();
      soft.assertThat(published).as("one state-changed event per state change: " + cell)
          .isEqualTo(t.stateChanged() ? 1 : 0);

      if (t.commands().stream().anyMatch(Command.CapturePayment.class::isInstance)) {
        soft.assertThat(next.hold()).as("capture only after commit: " + cell).isEqualTo(HoldStatus.COMMITTED);
        soft.assertThat(next.captureCount()).as("at most one capture: " + cell).isLessThanOrEqualTo(1);
      }
      if (t.stateChanged() && next.state().isFailure()) {
        soft.assertThat(next.outstandingCompensations())
            .as("a failure outcome is reached only when nothing is owed: " + cell).isEmpty();
      }
      if (s.state().isFailure()) {
        soft.assertThat(next.state()).as("a failure outcome is final: " + cell).isEqualTo(s.state());
      }
      if (s.state() == ReservationState.CONFIRMED) {
        soft.assertThat(next.state()).as("a confirmed reservation can only be cancelled: " + cell)
            .isIn(ReservationState.CONFIRMED, ReservationState.COMPENSATING, ReservationState.CANCELLED);
      }
      if (!next.state().isTerminal()) {
        soft.assertThat(next.deadlines()).as("no live saga without a timer: " + cell).isNotEmpty();
      }
      if (next.state() == ReservationState.COMPENSATING || !next.outstandingCompensations().isEmpty()) {
        soft.assertThat(next.deadlines()).as("owed compensations are retried: " + cell)
            .containsKey(DeadlineKind.COMPENSATION_RESPONSE);
      }
      if (next.state().isTerminal() && next.outstandingCompensations().isEmpty()) {
        soft.assertThat(next.deadlines()).as("a settled reservation has no timers: " + cell).isEmpty();
      }
      if (t.commands().stream().anyMatch(Command.AuthorizePayment.class::isInstance)) {
        soft.assertThat(s.state()).as("authorization is asked once, when the slot is held: " + cell)
            .isEqualTo(ReservationState.HOLD_PENDING);
      }

      Transition duplicate = at(at).transition(next, msg);
      soft.assertThat(duplicate.isNoOp()).as("a duplicate is a no-op: " + cell + " (" + duplicate.note() + ")")
          .isTrue();

      SagaState foreign = s.with().reservationId("res-other").build();
      soft.assertThat(at(at).transition(foreign, msg).isNoOp())
          .as("a message for another saga is a no-op: " + cell).isTrue();

      SagaMessage stale = withStaleHold(msg);
      if (stale != null && s.holdId() != null) {
        soft.assertThat(at(at).transition(s, stale).isNoOp())
            .as("a message about another hold is a no-op: " + cell).isTrue();
      }
    }
    soft.assertAll();
  }

  @ParameterizedTest(name = "{0} + {1} → {2} {3}")
  @CsvSource(delimiter = '|', textBlock = """
      holdPending          | SlotHeld                                | AWAITING_CONFIRMATIONS     | AuthorizePayment
      holdPending          | SlotHoldRejected                        | REJECTED                   |
      holdPending          | RequesterCancelled                      | COMPENSATING               | ReleaseHold
      holdPending          | DeadlineFired(HOLD_RESPONSE)            | COMPENSATING               | ReleaseHold
      holdPending          | VendorConfirmed                         | HOLD_PENDING               |
      awaiting             | PaymentAuthorizationStarted             | AWAITING_CONFIRMATIONS     |
      awaiting             | PaymentAuthorized                       | AWAITING_CONFIRMATIONS     |
      awaiting             | VendorConfirmed                         | AWAITING_CONFIRMATIONS     |
      awaiting             | VendorDeclined                          | COMPENSATING               | ReleaseHold VoidPayment
      awaiting             | PaymentAuthorizationFailed              | COMPENSATING               | ReleaseHold VoidPayment
      awaiting             | DeadlineFired(VENDOR_DECISION)          | COMPENSATING               | ReleaseHold VoidPayment
      awaiting             | DeadlineFired(PAYMENT_AUTHORIZATION)    | COMPENSATING               | ReleaseHold VoidPayment
      awaiting             | DeadlineFired(HOLD_EXPIRY)              | COMPENSATING               | ReleaseHold VoidPayment
      awaiting             | HoldExpired                             | COMPENSATING               | VoidPayment
      awaiting             | RequesterCancelled                      | COMPENSATING               | ReleaseHold VoidPayment
      vendorConfirmed      | PaymentAuthorized                       | COMMIT_PENDING             | CommitHold
      paymentAuthorized    | VendorConfirmed                         | COMMIT_PENDING             | CommitHold
      commitPending        | HoldCommitted                           | CAPTURE_PENDING            | CapturePayment
      commitPending        | HoldCommitRejected(AVAILABILITY_CHANGED) | COMPENSATING              | ReleaseHold VoidPayment
      commitPending        | HoldCommitRejected(HOLD_EXPIRED)        | COMPENSATING               | VoidPayment
      commitPending        | HoldCommitRejected(HOLD_NOT_FOUND)      | COMPENSATING               | VoidPayment
      commitPending        | DeadlineFired(COMMIT_RESPONSE)          | COMMIT_PENDING             | CommitHold
      commitPending        | RequesterCancelled                      | COMMIT_PENDING             |
      capturePending       | PaymentCaptured                         | CONFIRMED                  |
      capturePending       | PaymentCaptureFailed                    | COMPENSATING               | CancelBooking VoidPayment
      capturePending       | DeadlineFired(CAPTURE_RESPONSE)         | CAPTURE_PENDING            | CapturePayment
      capturePending       | PaymentOperationParked                  | CAPTURE_PENDING            |
      confirmed            | RequesterCancelled                      | COMPENSATING               | CancelBooking RefundPayment
      confirmed            | PaymentAuthorized                       | CONFIRMED                  |
      declining            | HoldReleased                            | COMPENSATING               |
      declining            | PaymentCaptured                         | COMPENSATING               | RefundPayment
      declining            | DeadlineFired(COMPENSATION_RESPONSE)    | COMPENSATING               | ReleaseHold VoidPayment
      declinedHoldReleased | PaymentVoided                           | FAILED_VENDOR_DECLINED     |
      refunding            | BookingCancelled                        | COMPENSATING               |
      refundingBookingGone | PaymentRefunded                         | CANCELLED                  |
      expired              | PaymentAuthorized                       | EXPIRED                    | VoidPayment
      expired              | SlotHeld                                | EXPIRED                    |
      expiredBeforeHold    | SlotHeld                                | EXPIRED                    | ReleaseHold
      expired              | HoldCommitted                           | EXPIRED                    | CancelBooking
      expired              | RequesterCancelled                      | EXPIRED                    |
      """)
  @DisplayName("the main paths go where the design brief says")
  void mainPaths(String fixture, String message, ReservationState expected, String commands) {
    SagaState s = fixture(fixture);
    Transition t = apply(s, everyMessage(s).get(message));
    assertThat(t.next().state()).as(t.note()).isEqualTo(expected);
    String sent = t.commands().stream().filter(c -> !(c instanceof PublishStateChanged))
        .map(c -> c.getClass().getSimpleName()).collect(Collectors.joining(" "));
    assertThat(sent).isEqualTo(commands == null ? "" : commands);
  }

  /** Named states along the main paths, reached through the saga itself. */
  static SagaState fixture(String name) {
    SagaState s = started().next();
    Map<String, SagaMessage> m = everyMessage(s);
    return switch (name) {
      case "holdPending" -> s;
      case "awaiting" -> run(s, "SlotHeld", "PaymentAuthorizationStarted");
      case "vendorConfirmed" -> run(s, "SlotHeld", "PaymentAuthorizationStarted", "VendorConfirmed");
      case "paymentAuthorized" -> run(s, "SlotHeld", "PaymentAuthorizationStarted", "PaymentAuthorized");
      case "commitPending" -> run(s, "SlotHeld", "PaymentAuthorized", "VendorConfirmed");
      case "capturePending" -> run(s, "SlotHeld", "PaymentAuthorized", "VendorConfirmed", "HoldCommitted");
      case "confirmed" -> run(s, "SlotHeld", "PaymentAuthorized", "VendorConfirmed", "HoldCommitted",
          "PaymentCaptured");
      case "refunding" -> run(fixture("confirmed"), "RequesterCancelled");
      case "refundingBookingGone" -> run(fixture("refunding"), "BookingCancelled");
      case "declining" -> run(s, "SlotHeld", "PaymentAuthorizationStarted", "VendorDeclined");
      case "declinedHoldReleased" -> run(fixture("declining"), "HoldReleased");
      case "expired" -> run(s, "SlotHeld", "DeadlineFired(VENDOR_DECISION)", "HoldReleased", "PaymentVoided");
      case "expiredBeforeHold" -> run(s, "DeadlineFired(HOLD_RESPONSE)", "HoldReleased");
      default -> throw new IllegalArgumentException(name + m.size());
    };
  }

  static SagaState run(SagaState s, String... messages) {
    for (String label : messages) {
      s = apply(s, everyMessage(s).get(label)).next();
    }
    return s;
  }

  private static Instant atFor(SagaState s, SagaMessage msg) {
    if (msg instanceof DeadlineFired f && s.deadlines().containsKey(f.kind())) {
      return s.deadlines().get(f.kind());
    }
    return s.updatedAt().plusSeconds(1);
  }

  private static ReservationSaga at(Instant instant) {
    return new ReservationSaga(policy(), TestClock.at(instant));
  }

  private static SagaMessage withStaleHold(SagaMessage msg) {
    String stale = "hold-stale";
    if (msg instanceof HoldReleased r) {
      return new HoldReleased(r.reservationId(), stale);
    } else if (msg instanceof HoldExpired e) {
      return new HoldExpired(e.reservationId(), stale);
    } else if (msg instanceof HoldCommitted c) {
      return new HoldCommitted(c.reservationId(), stale, "booking-stale");
    } else if (msg instanceof HoldCommitRejected r) {
      return new HoldCommitRejected(r.reservationId(), stale, r.reason(), null);
    }
    return null;
  }
}
