package com.bookiji.reconciler.invariants.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** One row of a check's table: a situation, when it is looked at, and the subjects that must be found. */
final class CheckTable {

  private CheckTable() {}

  static Duration sec(long n) {
    return Duration.ofSeconds(n);
  }

  static Duration min(long n) {
    return Duration.ofMinutes(n);
  }

  static Arguments row(String situation, ModelFixture model, Duration now, String... subjects) {
    return Arguments.of(situation, model, now, List.of(subjects));
  }

  static void assertFinds(InvariantCheck check, ModelFixture model, Duration now, List<String> subjects) {
    List<Finding> findings = check.check(model.snapshot(), ModelFixture.at(now));
    assertThat(findings).extracting(Finding::subjectId).containsExactlyElementsOf(subjects);
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.code()).isEqualTo(check.code());
      assertThat(f.breakId()).isEqualTo(check.code() + ":" + f.subjectId());
      assertThat(f.detail()).isNotBlank();
    });
    assertThat(check.check(model.snapshot(), ModelFixture.at(now)))
        .as("the same inputs give the same findings").isEqualTo(findings);
  }
}
