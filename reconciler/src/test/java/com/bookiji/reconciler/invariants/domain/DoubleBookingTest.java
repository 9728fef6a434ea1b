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

@DisplayName("DOUBLE_BOOKING: never two live bookings for one slot")
class DoubleBookingTest {

  private final InvariantCheck check = new DoubleBooking();

  static Stream<Arguments> table() {
    return Stream.of(
        row("one booking per slot is healthy",
            given().held("r-1", "s-1", "h-1", min(15)).committed("r-1", "s-1", "h-1", "b-1", min(1)), min(5)),
        row("two live bookings of one slot are a double booking",
            given().committed("r-1", "s-1", "h-1", "b-1", min(1)).committed("r-2", "s-1", "h-2", "b-2", min(2)),
            min(3), "s-1"),
        row("a cancelled booking no longer counts",
            given().committed("r-1", "s-1", "h-1", "b-1", min(1)).bookingCancelled("r-1", "s-1", "b-1", min(2))
                .committed("r-2", "s-1", "h-2", "b-2", min(3)), min(4)),
        row("a second hold that ended is no booking",
            given().committed("r-1", "s-1", "h-1", "b-1", min(1)).held("r-2", "s-1", "h-2", min(15))
                .holdEnded("r-2", "h-2", min(2)), min(4)),
        row("only the broken slot is named",
            given().committed("r-1", "s-1", "h-1", "b-1", min(1)).committed("r-2", "s-2", "h-2", "b-2", min(1))
                .committed("r-3", "s-2", "h-3", "b-3", min(1)), min(2), "s-2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
