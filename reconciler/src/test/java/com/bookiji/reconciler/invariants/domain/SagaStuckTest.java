package com.bookiji.reconciler.invariants.domain;

import static com.bookiji.reconciler.invariants.domain.CheckTable.min;
import static com.bookiji.reconciler.invariants.domain.CheckTable.row;
import static com.bookiji.reconciler.invariants.domain.CheckTable.sec;
import static com.bookiji.reconciler.invariants.domain.ModelFixture.given;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("SAGA_STUCK: no reservation stays in a non-terminal state beyond its bound")
class SagaStuckTest {

  private final InvariantCheck check = new SagaStuck(CheckBounds.defaults());

  static Stream<Arguments> table() {
    return Stream.of(
        row("awaiting confirmations within its bound",
            given().state("r-1", "AWAITING_CONFIRMATIONS", min(0)), min(15)),
        row("awaiting confirmations beyond its bound + grace",
            given().state("r-1", "AWAITING_CONFIRMATIONS", min(0)), min(16), "r-1"),
        row("hold pending beyond its shorter bound",
            given().state("r-1", "HOLD_PENDING", min(0)), min(3), "r-1"),
        row("a later state restarts the clock, a late older one does not",
            given().state("r-1", "COMMIT_PENDING", min(14)).state("r-1", "AWAITING_CONFIRMATIONS", min(0)), min(16)),
        row("terminal states are never stuck",
            given().state("r-1", "CONFIRMED", min(0)), min(600)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
