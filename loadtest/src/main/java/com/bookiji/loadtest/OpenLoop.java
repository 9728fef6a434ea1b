package com.bookiji.loadtest;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The open model: arrival k is due at {@code start + k / rate}, whatever the response times of the
 * earlier ones (a closed loop slows down with the system it measures and so hides its queues). At
 * most {@code maxInFlight} arrivals run at once; an arrival that finds every place taken is not
 * started but counted, and one the scheduler itself could only start late (GC, a starved CPU) is
 * started and counted as late. Both counts are printed, so an open-model figure never silently
 * becomes a closed-loop one.
 */
public final class OpenLoop {

  /** Later than this after its due time, an arrival counts as started late. */
  public static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** The time source, injected so that the schedule is testable without waiting. */
  public interface Ticker {
    long nanoTime();

    void sleepUntil(long nanoTime) throws InterruptedException;

    Ticker SYSTEM = new Ticker() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    };
  }

  /**
   * @param due arrivals whose due time fell inside the run
   * @param started arrivals started (late ones included)
   * @param startedLate started more than {@link #LATE_NANOS} after their due time
   * @param notStartedInFlightBound due while {@code maxInFlight} arrivals were still running
   */
  public record Counts(long due, long started, long startedLate, long notStartedInFlightBound, long maxLateNanos) {}

  private final double perSecond;
  private final int maxInFlight;
  private final Ticker ticker;
  private final Semaphore inFlight;

  public OpenLoop(double perSecond, int maxInFlight, Ticker ticker) {
    if (!(perSecond > 0) || maxInFlight <= 0) {
      throw new IllegalArgumentException("rate and bound must be positive");
    }
    this.perSecond = perSecond;
    this.maxInFlight = maxInFlight;
    this.ticker = ticker;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /**
   * Starts {@code arrival} on {@code executor} on schedule from {@code startNanos} until
   * {@code endNanos} (exclusive) or until {@code more} says no more arrivals should be due (slots
   * ran out). Returns once the last arrival is due, not when it finished: see {@link #inFlight()}.
   */
  public Counts run(long startNanos, long endNanos, BooleanSupplier more, Executor executor, Runnable arrival)
      throws InterruptedException {
    long due = 0;
    long started = 0;
    long late = 0;
    long refused = 0;
    long maxLate = 0;
    for (long k = 0; ; k++) {
      long dueAt = startNanos + (long) (k * 1e9 / perSecond);
      if (dueAt >= endNanos || !more.getAsBoolean()) {
        break;
      }
      ticker.sleepUntil(dueAt);
      due++;
      if (!inFlight.tryAcquire()) {
        refused++;
        continue;
      }
      long lateBy = ticker.nanoTime() - dueAt;
      if (lateBy > LATE_NANOS) {
        late++;
      }
      maxLate = Math.max(maxLate, lateBy);
      started++;
      try {
        executor.execute(() -> {
          try {
            arrival.run();
          } finally {
            inFlight.release();
          }
        });
      } catch (RuntimeException e) {
        inFlight.release();
        throw e;
      }
    }
    return new Counts(due, started, late, refused, maxLate);
  }

  /** Arrivals started and not yet finished. */
  public int inFlight() {
    return maxInFlight - inFlight.availablePermits();
  }
}
