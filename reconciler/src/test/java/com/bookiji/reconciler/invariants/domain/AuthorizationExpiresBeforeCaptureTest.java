package com.bookiji.reconciler.invariants.domain;

import static com.bookiji.reconciler.invariants.domain.ModelFixture.T0;

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

@DisplayName("AUTHORIZATION_EXPIRES_BEFORE_CAPTURE: an authorization lives until the saga can capture")
class AuthorizationExpiresBeforeCaptureTest {

  private final InvariantCheck check = new AuthorizationExpiresBeforeCapture(new CheckBounds(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofMinutes(20), java.util.Map.of("AWAITING_CONFIRMATIONS", Duration.ofMinutes(15), "CAPTURE_PENDING", Duration.ofMinutes(15))));

  static Stream<Arguments> table() {
    return Stream.of(
        row("authorized while awaiting confirmations, valid beyond the state's bound",
            given().state("r-1", "AWAITING_CONFIRMATIONS", min(0)).authorized("r-1", "pi_1", min(1)), min(2)),
        row("authorized long before capture pending, expires before the saga may capture",
            given().authorized("r-1", "pi_1", min(1)).state("r-1", "CAPTURE_PENDING", min(10)), min(11), "pi_1"),
        row("already captured: nothing pending to expire",
            given().authorized("r-1", "pi_1", min(1)).state("r-1", "CAPTURE_PENDING", min(10))
                .captured("r-1", "pi_1", "ch_1", min(11)), min(12)),
        row("only the request seen so far (no state yet): nothing to judge, and no failure",
            given().fact(new com.bookiji.reconciler.observation.domain.Fact.ReservationRequested("r-1", "s-1", T0))
                .authorized("r-1", "pi_1", min(1)), min(30)),
        row("a reservation that ended is AUTHORIZATION_LEFT_OPEN's business",
            given().authorized("r-1", "pi_1", min(1)).state("r-1", "EXPIRED", min(10)), min(11)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
