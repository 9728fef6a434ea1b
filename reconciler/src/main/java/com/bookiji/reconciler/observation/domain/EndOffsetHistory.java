package com.bookiji.reconciler.observation.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sampled end offsets of one partition, to estimate how long ago the record at a group's committed
 * offset was written (Burrow's way: from the offsets' own history, no record is read). The record at
 * offset {@code c} exists since the first sample whose end offset passed {@code c}; when even the
 * oldest kept sample had passed it, the estimate is a lower bound (the age of that sample).
 */
public final class EndOffsetHistory {

  private record Sample(Instant at, long endOffset) {}

  private final Duration keep;
  private final Deque<Sample> samples = new ArrayDeque<>();

  public EndOffsetHistory(Duration keep) {
    this.keep = keep;
  }

  public void sample(Instant at, long endOffset) {
    Sample last = samples.peekLast();
    if (last == null || last.endOffset() != endOffset) {
      samples.addLast(new Sample(at, endOffset)); // only changes matter: the first sample past an offset
    }
    // Keep the newest sample older than the window: it bounds the age of everything it had passed.
    while (samples.size() > 1 && samples.stream().skip(1).findFirst().orElseThrow().at().isBefore(at.minus(keep))) {
      samples.removeFirst();
    }
  }

  /** How long the next record {@code committedOffset} (the group's position) has been waiting; zero when caught up. */
  public Duration behind(long committedOffset, Instant now) {
    Sample last = samples.peekLast();
    if (last == null || last.endOffset() <= committedOffset) {
      return Duration.ZERO;
    }
    for (Sample s : samples) {
      if (s.endOffset() > committedOffset) {
        Duration d = Duration.between(s.at(), now);
        return d.isNegative() ? Duration.ZERO : d;
      }
    }
    return Duration.ZERO;
  }
}
