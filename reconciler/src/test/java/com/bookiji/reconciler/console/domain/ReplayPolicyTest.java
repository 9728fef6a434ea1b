package com.bookiji.reconciler.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("a dead letter is replayed only while it can still apply")
class ReplayPolicyTest {

  @ParameterizedTest(name = "{0} for a reservation {1} (replayed before: {2}) -> {3}")
  @CsvSource(nullValues = "none", textBlock = """
      CapturePayment,   CAPTURE_PENDING,        false, REPLAY
      CapturePayment,   COMPENSATING,           false, REPLAY_NO_LONGER_APPLIES
      CapturePayment,   FAILED_COMMIT,          false, REPLAY_NO_LONGER_APPLIES
      CapturePayment,   none,                   false, REPLAY_NO_LONGER_APPLIES
      CommitHold,       COMMIT_PENDING,         false, REPLAY
      CommitHold,       EXPIRED,                false, REPLAY_NO_LONGER_APPLIES
      HoldSlot,         HOLD_PENDING,           false, REPLAY
      AuthorizePayment, AWAITING_CONFIRMATIONS, false, REPLAY
      AuthorizePayment, CONFIRMED,              false, REPLAY_NO_LONGER_APPLIES
      VoidPayment,      EXPIRED,                false, REPLAY
      RefundPayment,    FAILED_COMMIT,          false, REPLAY
      ReleaseHold,      none,                   false, REPLAY
      PaymentCaptured,  CONFIRMED,              false, REPLAY
      none,             CONFIRMED,              false, REPLAY
      CapturePayment,   CAPTURE_PENDING,        true,  DEAD_LETTER_ALREADY_REPLAYED
      VoidPayment,      EXPIRED,                true,  DEAD_LETTER_ALREADY_REPLAYED
      """)
  void decides(String eventType, String state, boolean replayedBefore, String expected) {
    Optional<ReservationView> reservation = state == null ? Optional.empty()
        : Optional.of(new ReservationView("r-1", "s-1", state, terminal(state), Instant.EPOCH, new Money(5000, "EUR")));

    ReplayDecision decision = ReplayPolicy.decide(eventType, reservation, replayedBefore);

    String outcome = decision instanceof ReplayDecision.Refused refused ? refused.code() : "REPLAY";
    assertThat(outcome).isEqualTo(expected);
    if (decision instanceof ReplayDecision.Refused refused && refused.code().equals("REPLAY_NO_LONGER_APPLIES")
        && state != null) {
      assertThat(refused.reason()).contains(state).contains(eventType);
    }
  }

  private static boolean terminal(String state) {
    return !state.endsWith("PENDING") && !state.equals("AWAITING_CONFIRMATIONS") && !state.equals("COMPENSATING");
  }
}
