package com.bookiji.availability.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open interval [startsAt, endsAt): adjacent slots touch but do not overlap. */
public record TimeRange(Instant startsAt, Instant endsAt) {

  public static final Duration MAX_LENGTH = Duration.ofDays(1);

  public TimeRange {
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    if (!endsAt.isAfter(startsAt)) {
      throw new DomainViolation("INVALID_SLOT_TIMES", "a slot must end after it starts");
    }
    if (Duration.between(startsAt, endsAt).compareTo(MAX_LENGTH) > 0) {
      throw new DomainViolation("INVALID_SLOT_TIMES", "a slot may last at most " + MAX_LENGTH);
    }
  }

  public boolean overlaps(TimeRange other) {
    return startsAt.isBefore(other.endsAt) && other.startsAt.isBefore(endsAt);
  }

  public boolean hasStartedAt(Instant now) {
    return !now.isBefore(startsAt);
  }
}
