package com.bookiji.platform.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The clock tests inject where production code takes a {@link Clock}, and move forward by hand so
 * that TTLs, deadlines and back-offs pass without waiting. Time never goes back: {@link #advance}
 * refuses a negative step and {@link #advanceTo} an earlier instant is a no-op, because code
 * under test may rely on a clock that is monotonic. Safe to move from the test thread while the
 * application reads it from its own threads.
 */
public final class TestClock extends Clock {

  private final Supplier<Instant> source;
  private final AtomicReference<Duration> moved;
  private final ZoneId zone;

  private TestClock(Supplier<Instant> source, AtomicReference<Duration> moved, ZoneId zone) {
    this.source = source;
    this.moved = moved;
    this.zone = zone;
  }

  /** Stands still at {@code start} until the test moves it: for pure logic and step-by-step tests. */
  public static TestClock at(Instant start) {
    Objects.requireNonNull(start, "start");
    return new TestClock(() -> start, new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  /**
   * Runs with the system clock, plus however far the test moved it: for a running application,
   * whose timestamps must stay close to the broker's and the database's while its deadlines are
   * made to come due.
   */
  public static TestClock runningFromNow() {
    return new TestClock(Instant::now, new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  /** Moves the clock forward by {@code step}. */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forward, not by " + step);
    }
    moved.updateAndGet(m -> m.plus(step));
  }

  /** Moves the clock forward to {@code target}; a target that is not later than now changes nothing. */
  public void advanceTo(Instant target) {
    Objects.requireNonNull(target, "target");
    moved.updateAndGet(m -> {
      Instant now = source.get().plus(m);
      return target.isAfter(now) ? m.plus(Duration.between(now, target)) : m;
    });
  }

  @Override
  public Instant instant() {
    return source.get().plus(moved.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same time, moved together with this clock, seen in another zone. */
  @Override
  public Clock withZone(ZoneId otherZone) {
    return otherZone.equals(zone) ? this : new TestClock(source, moved, otherZone);
  }
}
