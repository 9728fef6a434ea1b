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

@DisplayName("CAPTURE_WITHOUT_BOOKING: captured money belongs to a CONFIRMED reservation or is refunded")
class CaptureWithoutBookingTest {

  private final InvariantCheck check = new CaptureWithoutBooking(CheckBounds.defaults());

  static Stream<Arguments> table() {
    return Stream.of(
        row("captured and CONFIRMED is healthy",
            given().authorized("r-1", "pi_1", min(1)).captured("r-1", "pi_1", "ch_1", min(2))
                .state("r-1", "CONFIRMED", min(2)), min(10)),
        row("captured a moment ago, CONFIRMED not yet seen: within the grace",
            given().state("r-1", "CAPTURE_PENDING", min(1)).captured("r-1", "pi_1", "ch_1", min(2)),
            min(2).plus(sec(10))),
        row("captured and still CAPTURE_PENDING beyond the grace",
            given().state("r-1", "CAPTURE_PENDING", min(1)).captured("r-1", "pi_1", "ch_1", min(2)),
            min(3), "r-1"),
        row("captured and FAILED_COMMIT",
            given().captured("r-1", "pi_1", "ch_1", min(2)).state("r-1", "FAILED_COMMIT", min(2)), min(5), "r-1"),
        row("captured, cancelled and refunded in full is healthy",
            given().captured("r-1", "pi_1", "ch_1", min(2)).state("r-1", "CANCELLED", min(3))
                .refunded("r-1", "pi_1", "re_1", 5000, min(4)), min(10)),
        row("captured, cancelled and refunded in part still holds money",
            given().captured("r-1", "pi_1", "ch_1", min(2)).state("r-1", "CANCELLED", min(3))
                .refunded("r-1", "pi_1", "re_1", 2000, min(4)), min(10), "r-1"),
        row("captured for a reservation nobody saw",
            given().captured("r-9", "pi_9", "ch_9", min(2)), min(5), "r-9"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
