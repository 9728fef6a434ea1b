package com.bookiji.reconciler.invariants.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the finding log publishes exactly the transitions it records")
class FindingLogTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Finding BREAK = new Finding("DOUBLE_BOOKING", Severity.CRITICAL, "s-1", "r-1", "two bookings");

  private final List<String> saved = new ArrayList<>();
  private final List<String> published = new ArrayList<>();
  private final FindingLog log = new FindingLog(new FindingStore() {
    @Override
    public List<FindingRecord> all() {
      return List.of();
    }

    @Override
    public void save(List<FindingRecord> changed) {
      changed.forEach(r -> saved.add(r.breakId() + " " + r.state()));
    }
  }, new FindingEventPublisher() {
    @Override
    public void found(FindingRecord f) {
      published.add("found " + f.breakId());
    }

    @Override
    public void resolved(FindingRecord f) {
      published.add("resolved " + f.breakId() + " by " + f.resolvedBy());
    }
  });

  @Test
  @DisplayName("opened → found; seen again or acknowledged → nothing; passed → resolved; broken again → found again")
  void transitions() {
    FindingRecord opened = FindingRecord.raised(BREAK, T0);
    log.record(List.of(opened), Map.of());
    FindingRecord seenAgain = opened.seenAgain(BREAK, T0.plusSeconds(10));
    log.record(List.of(seenAgain), Map.of(opened.breakId(), opened));
    FindingRecord acknowledged = seenAgain.acknowledged("oncall", T0.plusSeconds(20));
    log.record(List.of(acknowledged), Map.of(opened.breakId(), seenAgain));
    FindingRecord passed = acknowledged.passed(T0.plusSeconds(30));
    log.record(List.of(passed), Map.of(opened.breakId(), acknowledged));
    FindingRecord reopened = passed.seenAgain(BREAK, T0.plusSeconds(40));
    log.record(List.of(reopened), Map.of(opened.breakId(), passed));

    assertThat(saved).hasSize(5);
    assertThat(published).containsExactly("found DOUBLE_BOOKING:s-1", "resolved DOUBLE_BOOKING:s-1 by auditor",
        "found DOUBLE_BOOKING:s-1");
  }
}
