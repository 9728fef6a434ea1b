package com.bookiji.reconciler.invariants.application;

import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.FindingState;
import com.bookiji.reconciler.invariants.domain.Severity;
import java.time.Instant;
import java.util.function.Predicate;

/** Which findings to list; a null field matches everything. */
public record FindingFilter(String code, FindingState state, Severity severity, String reservationId,
    Instant firstSeenBefore) implements Predicate<FindingRecord> {

  public FindingFilter(String code, FindingState state, Severity severity, String reservationId) {
    this(code, state, severity, reservationId, null);
  }

  @Override
  public boolean test(FindingRecord r) {
    return (code == null || code.equals(r.code()))
        && (state == null || state == r.state())
        && (severity == null || severity == r.severity())
        && (reservationId == null || reservationId.equals(r.reservationId()))
        && (firstSeenBefore == null || !r.firstSeenAt().isAfter(firstSeenBefore));
  }
}
