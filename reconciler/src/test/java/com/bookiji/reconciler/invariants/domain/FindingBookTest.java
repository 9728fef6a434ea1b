package com.bookiji.reconciler.invariants.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a finding's history: OPEN → ACKNOWLEDGED → RESOLVED")
class FindingBookTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Finding HOLD = new Finding("HOLD_NOT_RESOLVED", Severity.HIGH, "h-1", "r-1", "blocked");

  private final Map<String, FindingRecord> known = new HashMap<>();

  private List<FindingRecord> run(Instant now, Finding... seen) {
    List<FindingRecord> changed = FindingBook.reconcile(known, List.of(seen), now);
    changed.forEach(r -> known.put(r.breakId(), r));
    return changed;
  }

  private FindingRecord hold() {
    return known.get(HOLD.breakId());
  }

  @Test
  @DisplayName("a break seen first opens, seen again stays one finding with first and last seen")
  void opensOnceAndIsSeenAgain() {
    run(T0, HOLD);
    run(T0.plusSeconds(10), HOLD);

    assertThat(known).hasSize(1);
    assertThat(hold().state()).isEqualTo(FindingState.OPEN);
    assertThat(hold().breakId()).isEqualTo("HOLD_NOT_RESOLVED:h-1");
    assertThat(hold().firstSeenAt()).isEqualTo(T0);
    assertThat(hold().lastSeenAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(hold().occurrences()).isEqualTo(1);
  }

  @Test
  @DisplayName("resolves itself when the check passes again, and reopens as a second occurrence")
  void autoResolvesAndReopens() {
    run(T0, HOLD);
    run(T0.plusSeconds(10));
    assertThat(hold().state()).isEqualTo(FindingState.RESOLVED);
    assertThat(hold().resolvedBy()).isEqualTo(FindingRecord.AUDITOR);
    assertThat(run(T0.plusSeconds(15))).as("nothing changes while it stays passed").isEmpty();

    run(T0.plusSeconds(20), HOLD);
    assertThat(hold().state()).isEqualTo(FindingState.OPEN);
    assertThat(hold().occurrences()).isEqualTo(2);
    assertThat(hold().firstSeenAt()).isEqualTo(T0);
  }

  @Test
  @DisplayName("an acknowledged finding stays acknowledged while seen, and resolves when the check passes")
  void acknowledged() {
    run(T0, HOLD);
    known.put(HOLD.breakId(), hold().acknowledged("oncall", T0.plusSeconds(1)));
    run(T0.plusSeconds(10), HOLD);
    assertThat(hold().state()).isEqualTo(FindingState.ACKNOWLEDGED);
    assertThat(hold().acknowledgedBy()).isEqualTo("oncall");
    run(T0.plusSeconds(20));
    assertThat(hold().state()).isEqualTo(FindingState.RESOLVED);
    assertThatThrownBy(() -> hold().acknowledged("oncall", T0.plusSeconds(30)))
        .isInstanceOf(FindingRecord.FindingTransitionRefused.class);
  }

  @Test
  @DisplayName("a manual resolution needs a note; it holds while the break persists and reopens only after it cleared")
  void manualResolution() {
    run(T0, HOLD);
    assertThatThrownBy(() -> hold().resolvedBy("oncall", " ", T0)).isInstanceOf(IllegalArgumentException.class);
    known.put(HOLD.breakId(), hold().resolvedBy("oncall", "slot freed by hand", T0.plusSeconds(1)));

    run(T0.plusSeconds(10), HOLD);
    assertThat(hold().state()).isEqualTo(FindingState.RESOLVED);
    assertThat(hold().resolutionNote()).isEqualTo("slot freed by hand");

    run(T0.plusSeconds(20));
    run(T0.plusSeconds(30), HOLD);
    assertThat(hold().state()).isEqualTo(FindingState.OPEN);
    assertThat(hold().occurrences()).isEqualTo(2);
    assertThatThrownBy(() -> hold().resolvedBy("oncall", "again", T0.plusSeconds(31)).resolvedBy("x", "y", T0))
        .isInstanceOf(FindingRecord.FindingTransitionRefused.class);
  }
}
