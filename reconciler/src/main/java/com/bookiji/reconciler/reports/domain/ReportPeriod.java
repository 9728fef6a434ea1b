package com.bookiji.reconciler.reports.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Whole UTC days, both ends included: {@code [from 00:00Z, to + 1 day 00:00Z)}. */
public record ReportPeriod(LocalDate from, LocalDate to) {

  public static final int MAX_DAYS = 366;

  public ReportPeriod {
    if (from == null || to == null) {
      throw new IllegalArgumentException("a period needs both days");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
    }
    if (from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
      throw new IllegalArgumentException("a period is at most " + MAX_DAYS + " days");
    }
  }

  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after the period. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public boolean contains(Instant at) {
    return at != null && !at.isBefore(start()) && at.isBefore(end());
  }
}
