package com.bookiji.loadtest.stress;

import java.util.Random;

/**
 * What a scenario works with: the stack, its public APIs, the fault menu, the run's options and a
 * random source seeded from the run's seed and the test's id (the same seed draws the same fault
 * schedule).
 */
public record StressContext(StressStack stack, StressApi api, Faults faults, StressOptions options) {

  public Random random(String testId) {
    return new Random(options.seed() * 31 + testId.hashCode());
  }

  public boolean quick() {
    return options.quick();
  }
}
