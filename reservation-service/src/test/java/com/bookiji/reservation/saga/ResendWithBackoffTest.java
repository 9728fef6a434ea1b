package com.bookiji.reservation.saga;

import static com.bookiji.reservation.saga.SagaFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.saga.Command.PublishStateChanged;
import com.bookiji.reservation.saga.SagaMessage.DeadlineFired;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one "deadline fired → re-send with backoff" rule, for every step that waits for an answer:
 * the same commands again, each wait twice the one before from the step's timeout (30 s in the
 * fixtures' policy) up to the cap (5 min), and the attempt counted in the timeline.
 */
@DisplayName("An unanswered step is re-sent with backoff")
class ResendWithBackoffTest {

  @ParameterizedTest(name = "{0}: {1} re-sends {2}")
  @CsvSource(delimiter = '|', textBlock = """
      commitPending  | COMMIT_RESPONSE       | CommitHold
      capturePending | CAPTURE_RESPONSE      | CapturePayment
      declining      | COMPENSATION_RESPONSE | ReleaseHold VoidPayment
      """)
  @DisplayName("each time its response deadline fires, the same commands go again and the next wait doubles up to the cap")
  void resendsWithDoublingWaits(String fixture, DeadlineKind awaiting, String commands) {
    SagaState s = SagaTableTest.fixture(fixture);
    long[] waitsInSeconds = {60, 120, 240, 300, 300};
    for (int retry = 0; retry < waitsInSeconds.length; retry++) {
      Instant firedAt = s.deadlines().get(awaiting);
      Transition t = SagaFixtures.apply(s, new DeadlineFired(RES, awaiting));

      assertThat(t.next().state()).as(t.note()).isEqualTo(s.state());
      assertThat(sent(t)).isEqualTo(commands);
      assertThat(t.next().deadlines().get(awaiting)).as(t.note())
          .isEqualTo(firedAt.plus(Duration.ofSeconds(waitsInSeconds[retry])));
      assertThat(t.note()).endsWith("(attempt " + (retry + 2) + ")");
      s = t.next();
    }
  }

  @Test
  @DisplayName("an answer ends the retries: the next step starts again from its own timeout")
  void nextStepStartsFromItsTimeout() {
    SagaState s = SagaTableTest.fixture("commitPending");
    for (int retry = 0; retry < 3; retry++) {
      s = SagaFixtures.apply(s, new DeadlineFired(RES, DeadlineKind.COMMIT_RESPONSE)).next();
    }
    assertThat(s.stepAttempt()).isEqualTo(3);

    SagaState capturing = SagaTableTest.run(s, "HoldCommitted");
    Instant firedAt = capturing.deadlines().get(DeadlineKind.CAPTURE_RESPONSE);
    Transition retried = SagaFixtures.apply(capturing, new DeadlineFired(RES, DeadlineKind.CAPTURE_RESPONSE));

    assertThat(retried.note()).endsWith("(attempt 2)");
    assertThat(retried.next().deadlines().get(DeadlineKind.CAPTURE_RESPONSE))
        .isEqualTo(firedAt.plus(Duration.ofSeconds(60)));
  }

  private static String sent(Transition t) {
    return t.commands().stream().filter(c -> !(c instanceof PublishStateChanged))
        .map(c -> c.getClass().getSimpleName()).collect(Collectors.joining(" "));
  }
}
