package com.bookiji.loadtest.stress;

import java.time.Duration;
import java.util.Random;

/**
 * What a scenario works with: the stack, its public APIs, the fault menu, the run's options and a
 * random source seeded from the run's seed and the test's id (the same seed draws the same fault
 * schedule). {@code compensationBound}: how long a test waits for a compensation (a void, a
 * release) before it calls it missing.
 */
public record StressContext(StressStack stack, StressApi api, Faults faults, StressOptions options,
    Duration compensationBound) {

  /** Generous: after kills, a compensation waits for restarts and the broker's session timeout. */
  public static final Duration COMPENSATION_BOUND = Duration.ofSeconds(90);

  public StressContext(StressStack stack, StressApi api, Faults faults, StressOptions options) {
    this(stack, api, faults, options, COMPENSATION_BOUND);
  }

  /** The same context, waiting {@code bound} for compensations (a run that expects one to be missing). */
  public StressContext withCompensationBound(Duration bound) {
    return new StressContext(stack, api, faults, options, bound);
  }

  public Random random(String testId) {
    return new Random(options.seed() * 31 + testId.hashCode());
  }

  public boolean quick() {
    return options.quick();
  }
}
