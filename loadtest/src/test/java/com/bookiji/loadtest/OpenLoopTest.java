package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** A clock that jumps to each due time (plus a lag, as a starved scheduler would) instead of waiting. */
  static final class FakeTicker implements OpenLoop.Ticker {
    long now;
    long lagNanos;
    final List<Long> wakeUps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepUntil(long nanoTime) {
      now = Math.max(now, nanoTime + lagNanos);
      wakeUps.add(now);
    }
  }

  /** Holds every started arrival until released: what "still in flight" looks like. */
  static final class HeldExecutor implements java.util.concurrent.Executor {
    final List<Runnable> held = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      held.add(task);
    }

    void finishAll() {
      held.forEach(Runnable::run);
      held.clear();
    }
  }

  @Test
  @DisplayName("arrivals are due at start + k / rate: 10/s for 1 s is ten arrivals 100 ms apart, all started")
  void onSchedule() throws Exception {
    FakeTicker ticker = new FakeTicker();
    List<Integer> ran = new ArrayList<>();
    OpenLoop loop = new OpenLoop(10, 100, ticker);
    OpenLoop.Counts c = loop.run(0, SECOND, () -> true, Runnable::run, () -> ran.add(1));
    assertThat(ticker.wakeUps).containsExactly(0L, 100_000_000L, 200_000_000L, 300_000_000L, 400_000_000L, 500_000_000L,
        600_000_000L, 700_000_000L, 800_000_000L, 900_000_000L);
    assertThat(c).isEqualTo(new OpenLoop.Counts(10, 10, 0, 0, 0));
    assertThat(ran).hasSize(10);
    assertThat(loop.inFlight()).isZero();
  }

  @Test
  @DisplayName("slow responses do not slow the arrivals: beyond the in-flight bound they are counted as not started")
  void boundReached() throws Exception {
    FakeTicker ticker = new FakeTicker();
    HeldExecutor executor = new HeldExecutor();
    OpenLoop loop = new OpenLoop(100, 3, ticker);
    OpenLoop.Counts c = loop.run(0, SECOND / 10, () -> true, executor, () -> { });
    assertThat(c.due()).isEqualTo(10);
    assertThat(c.started()).isEqualTo(3);
    assertThat(c.notStartedInFlightBound()).isEqualTo(7);
    assertThat(ticker.now).as("the schedule kept its pace").isEqualTo(90_000_000L);
    assertThat(loop.inFlight()).isEqualTo(3);
    executor.finishAll();
    assertThat(loop.inFlight()).as("a finished arrival frees its place").isZero();
  }

  @Test
  @DisplayName("a scheduler that wakes up late starts the arrival anyway and counts it as late")
  void lateStarts() throws Exception {
    FakeTicker ticker = new FakeTicker();
    ticker.lagNanos = TimeUnit.MILLISECONDS.toNanos(25);
    OpenLoop.Counts c = new OpenLoop(10, 100, ticker).run(0, SECOND, () -> true, Runnable::run, () -> { });
    assertThat(c.started()).isEqualTo(10);
    assertThat(c.startedLate()).isEqualTo(10);
    assertThat(c.maxLateNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
  }

  @Test
  @DisplayName("arrivals stop when there is nothing more to start (the slots ran out)")
  void stopsWhenExhausted() throws Exception {
    FakeTicker ticker = new FakeTicker();
    int[] left = {4};
    OpenLoop.Counts c = new OpenLoop(1000, 100, ticker).run(0, SECOND, () -> left[0] > 0, Runnable::run, () -> left[0]--);
    assertThat(c.due()).isEqualTo(4);
    assertThat(c.started()).isEqualTo(4);
  }

  @Test
  @DisplayName("a fractional rate keeps its schedule: 2.5/s gives arrivals 400 ms apart")
  void fractionalRate() throws Exception {
    FakeTicker ticker = new FakeTicker();
    new OpenLoop(2.5, 10, ticker).run(0, 2 * SECOND, () -> true, Runnable::run, () -> { });
    assertThat(ticker.wakeUps).containsExactly(0L, 400_000_000L, 800_000_000L, 1_200_000_000L, 1_600_000_000L);
  }

  @Test
  @DisplayName("a rate or bound that is not positive is refused")
  void refused() {
    assertThatThrownBy(() -> new OpenLoop(0, 1, OpenLoop.Ticker.SYSTEM)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OpenLoop(1, 0, OpenLoop.Ticker.SYSTEM)).isInstanceOf(IllegalArgumentException.class);
  }
}
