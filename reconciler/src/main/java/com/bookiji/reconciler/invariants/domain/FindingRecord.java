package com.bookiji.reconciler.invariants.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The history of one break. {@code occurrences} counts how often it was raised (opened, or reopened
 * after it had been resolved); {@code lastSeenAt} moves on every run that still sees it.
 * {@code clearedSinceResolved} says the check passed after a manual resolution: only then may the
 * break reopen, so "resolved by hand" is not undone by the very break that was just looked at.
 */
public record FindingRecord(
    String breakId,
    String code,
    Severity severity,
    String subjectId,
    String reservationId,
    String detail,
    FindingState state,
    Instant firstSeenAt,
    Instant lastSeenAt,
    int occurrences,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String resolvedBy,
    String resolutionNote,
    boolean clearedSinceResolved) {

  public static final String AUDITOR = "auditor";

  public FindingRecord {
    Objects.requireNonNull(breakId, "breakId");
    Objects.requireNonNull(state, "state");
  }

  public static FindingRecord raised(Finding f, Instant now) {
    return new FindingRecord(f.breakId(), f.code(), f.severity(), f.subjectId(), f.reservationId(), f.detail(),
        FindingState.OPEN, now, now, 1, null, null, null, null, null, false);
  }

  public boolean open() {
    return state != FindingState.RESOLVED;
  }

  public Duration age(Instant now) {
    return Duration.between(firstSeenAt, now);
  }

  /** The check still (or again) sees the break. */
  public FindingRecord seenAgain(Finding f, Instant now) {
    boolean reopens = state == FindingState.RESOLVED && (AUDITOR.equals(resolvedBy) || clearedSinceResolved);
    if (reopens) {
      return new FindingRecord(breakId, code, f.severity(), subjectId, f.reservationId(), f.detail(),
          FindingState.OPEN, firstSeenAt, now, occurrences + 1, null, null, null, null, null, false);
    }
    return new FindingRecord(breakId, code, f.severity(), subjectId, f.reservationId(), f.detail(), state,
        firstSeenAt, now, occurrences, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, resolutionNote,
        clearedSinceResolved);
  }

  /** The check passed: an open break resolves itself; a resolved one remembers that it cleared. */
  public FindingRecord passed(Instant now) {
    if (open()) {
      return new FindingRecord(breakId, code, severity, subjectId, reservationId, detail, FindingState.RESOLVED,
          firstSeenAt, lastSeenAt, occurrences, acknowledgedAt, acknowledgedBy, now, AUDITOR,
          "the check passed again", true);
    }
    return clearedSinceResolved ? this : new FindingRecord(breakId, code, severity, subjectId, reservationId,
        detail, state, firstSeenAt, lastSeenAt, occurrences, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy,
        resolutionNote, true);
  }

  public FindingRecord acknowledged(String by, Instant now) {
    if (state != FindingState.OPEN) {
      throw new FindingTransitionRefused(breakId + " is " + state + ", only an OPEN finding can be acknowledged");
    }
    return new FindingRecord(breakId, code, severity, subjectId, reservationId, detail, FindingState.ACKNOWLEDGED,
        firstSeenAt, lastSeenAt, occurrences, now, by, null, null, null, false);
  }

  public FindingRecord resolvedBy(String by, String note, Instant now) {
    if (note == null || note.isBlank()) {
      throw new IllegalArgumentException("resolving a finding by hand needs a note saying why");
    }
    if (state == FindingState.RESOLVED) {
      throw new FindingTransitionRefused(breakId + " is already RESOLVED");
    }
    return new FindingRecord(breakId, code, severity, subjectId, reservationId, detail, FindingState.RESOLVED,
        firstSeenAt, lastSeenAt, occurrences, acknowledgedAt, acknowledgedBy, now, by, note.strip(), false);
  }

  /** A transition the state machine does not allow. */
  public static final class FindingTransitionRefused extends RuntimeException {
    public FindingTransitionRefused(String message) {
      super(message);
    }
  }
}
