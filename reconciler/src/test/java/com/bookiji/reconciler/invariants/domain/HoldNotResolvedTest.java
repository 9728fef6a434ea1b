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

@DisplayName("HOLD_NOT_RESOLVED: every hold is committed, released or expired within its TTL + grace")
class HoldNotResolvedTest {

  private final InvariantCheck check = new HoldNotResolved(CheckBounds.defaults());

  static Stream<Arguments> table() {
    return Stream.of(
        row("an active hold before its expiry is healthy",
            given().held("r-1", "s-1", "h-1", min(15)), min(10)),
        row("an active hold just past its expiry is within the grace",
            given().held("r-1", "s-1", "h-1", min(15)), min(15).plus(sec(20))),
        row("an active hold beyond expiry + grace blocks the slot",
            given().held("r-1", "s-1", "h-1", min(15)), min(16), "h-1"),
        row("a committed hold is resolved",
            given().held("r-1", "s-1", "h-1", min(15)).committed("r-1", "s-1", "h-1", "b-1", min(5)), min(60)),
        row("a released hold is resolved, even when the release came first and named no hold",
            given().holdEnded("r-1", null, min(1)).held("r-1", "s-1", "h-1", min(15)), min(60)),
        row("a release without a hold id ends the reservation's hold",
            given().held("r-1", "s-1", "h-1", min(15)).holdEnded("r-1", null, min(3)), min(60)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
