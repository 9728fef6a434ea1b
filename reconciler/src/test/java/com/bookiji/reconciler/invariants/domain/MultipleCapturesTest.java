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

@DisplayName("MULTIPLE_CAPTURES: at most one capture per reservation")
class MultipleCapturesTest {

  private final InvariantCheck check = new MultipleCaptures();

  static Stream<Arguments> table() {
    return Stream.of(
        row("one capture, told twice, is one capture",
            given().captured("r-1", "pi_1", "ch_1", min(1)).captured("r-1", "pi_1", "ch_1", min(1)), min(2)),
        row("two charges on one intent",
            given().captured("r-1", "pi_1", "ch_1", min(1)).captured("r-1", "pi_1", "ch_2", min(2)), min(3), "r-1"),
        row("two intents captured for one reservation",
            given().captured("r-1", "pi_1", "ch_1", min(1)).captured("r-1", "pi_2", "ch_2", min(2)), min(3), "r-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
