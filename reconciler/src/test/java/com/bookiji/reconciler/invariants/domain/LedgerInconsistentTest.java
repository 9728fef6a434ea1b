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

@DisplayName("LEDGER_INCONSISTENT: a pending amount resolves once, posted money never goes negative")
class LedgerInconsistentTest {

  private final InvariantCheck check = new LedgerInconsistent();

  static Stream<Arguments> table() {
    return Stream.of(
        row("authorized, captured, refunded in full is consistent",
            given().authorized("r-1", "pi_1", min(1)).captured("r-1", "pi_1", "ch_1", min(2))
                .refunded("r-1", "pi_1", "re_1", 5000, min(3)), min(4)),
        row("voided, then captured: resolved twice",
            given().authorized("r-1", "pi_1", min(1)).voided("r-1", "pi_1", min(2)).captured("r-1", "pi_1", "ch_1", min(3)),
            min(4), "r-1"),
        row("refunded more than was captured",
            given().captured("r-1", "pi_1", "ch_1", min(1)).refunded("r-1", "pi_1", "re_1", 3000, min(2))
                .refunded("r-1", "pi_1", "re_2", 3000, min(3)), min(4), "r-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
