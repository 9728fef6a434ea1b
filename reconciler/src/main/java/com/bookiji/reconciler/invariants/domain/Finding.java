package com.bookiji.reconciler.invariants.domain;

import java.util.Objects;

/**
 * One break a check sees now. {@code breakId} is stable — the check's code and what is broken — so
 * the same break seen again on the next run is the same finding.
 */
public record Finding(String code, Severity severity, String subjectId, String reservationId, String detail) {

  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(detail, "detail");
  }

  public String breakId() {
    return code + ":" + subjectId;
  }
}
