package com.bookiji.reconciler.console.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The sampled history of one group on one partition, and what it says: the status by Burrow's rules
 * over the last {@code window} samples, and the time lag — how long the next record the group must
 * read has been waiting, from the first sample whose end offset passed the committed offset (no
 * record is read). End offsets are kept as changes only, for {@code keep}, so the time estimate
 * reaches further back than the status window.
 */
public final class PartitionLagHistory {

  private record EndOffsetChange(Instant at, long endOffset) {}

  private final int window;
  private final Duration keep;
  private final Deque<LagSample> samples = new ArrayDeque<>();
  private final Deque<EndOffsetChange> endOffsets = new ArrayDeque<>();

  public PartitionLagHistory(int window, Duration keep) {
    if (window < 2) {
      throw new IllegalArgumentException("a window needs at least two samples, not " + window);
    }
    this.window = window;
    this.keep = keep;
  }

  public void add(LagSample sample) {
    samples.addLast(sample);
    while (samples.size() > window) {
      samples.removeFirst();
    }
    EndOffsetChange last = endOffsets.peekLast();
    if (last == null || last.endOffset() != sample.endOffset()) {
      endOffsets.addLast(new EndOffsetChange(sample.at(), sample.endOffset()));
    }
    // The newest change older than the window bounds the age of everything it had passed: keep it.
    while (endOffsets.size() > 1 && new ArrayList<>(endOffsets).get(1).at().isBefore(sample.at().minus(keep))) {
      endOffsets.removeFirst();
    }
  }

  public List<LagSample> window() {
    return List.copyOf(samples);
  }

  /**
   * Burrow's rules, in order: any zero lag in the window is OK (a quiet partition is never stopped);
   * lag with no live member to commit is STOP; a committed offset that did not move over a full
   * window while there is lag is STALL; an offset that moves while the lag grows at every step is
   * WARN; anything else (moving, lag not growing) is OK.
   */
  public LagStatus status() {
    List<LagSample> w = window();
    if (w.isEmpty() || w.stream().anyMatch(s -> s.lag() == 0)) {
      return LagStatus.OK;
    }
    LagSample newest = w.get(w.size() - 1);
    if (!newest.groupHasMembers()) {
      return LagStatus.STOP;
    }
    if (w.size() < window) {
      return LagStatus.OK; // not enough history to judge a trend yet
    }
    LagSample oldest = w.get(0);
    if (newest.committedOffset() == oldest.committedOffset()) {
      return LagStatus.STALL;
    }
    for (int i = 1; i < w.size(); i++) {
      if (w.get(i).lag() < w.get(i - 1).lag()) {
        return LagStatus.OK;
      }
    }
    return newest.lag() > oldest.lag() ? LagStatus.WARN : LagStatus.OK;
  }

  /** Offset lag at the newest sample. */
  public long offsetLag() {
    LagSample newest = samples.peekLast();
    return newest == null ? 0 : newest.lag();
  }

  public long committedOffset() {
    LagSample newest = samples.peekLast();
    return newest == null ? 0 : newest.committedOffset();
  }

  public long endOffset() {
    LagSample newest = samples.peekLast();
    return newest == null ? 0 : newest.endOffset();
  }

  /** How long the group's next record has waited at {@code now}; zero when caught up. */
  public Duration timeLag(Instant now) {
    LagSample newest = samples.peekLast();
    if (newest == null || newest.lag() == 0) {
      return Duration.ZERO;
    }
    for (EndOffsetChange change : endOffsets) {
      if (change.endOffset() > newest.committedOffset()) {
        Duration d = Duration.between(change.at(), now);
        return d.isNegative() ? Duration.ZERO : d;
      }
    }
    return Duration.ZERO;
  }
}
