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

@DisplayName("DEAD_LETTERED_MESSAGE: nothing is dropped silently")
class DeadLetteredMessageTest {

  private final InvariantCheck check = new DeadLetteredMessage();

  static Stream<Arguments> table() {
    return Stream.of(
        row("no dead letters, nothing unreadable", given().state("r-1", "CONFIRMED", min(0)), min(1)),
        row("each dead letter is a finding",
            given().deadLettered("payment.events-dlt", 4).deadLettered("availability.commands-dlt", 7), min(1),
            "payment.events-dlt:0:4", "availability.commands-dlt:0:7"),
        row("a message the auditor could not read is a finding",
            given().unreadable("reservation.events", 9), min(1), "reservation.events:0:9"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void findsExactlyTheBrokenSubjects(String situation, ModelFixture model, Duration now, List<String> subjects) {
    CheckTable.assertFinds(check, model, now, subjects);
  }
}
