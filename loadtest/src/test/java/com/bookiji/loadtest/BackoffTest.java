package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  @DisplayName("poll waits grow by half up to the maximum and start over after a change")
  void growsAndResets() {
    LoadBenchmark.Backoff b = new LoadBenchmark.Backoff(50, 200);
    assertThat(new long[] {b.next(), b.next(), b.next(), b.next(), b.next(), b.next()})
        .containsExactly(50, 75, 112, 168, 200, 200);
    b.reset();
    assertThat(b.next()).isEqualTo(50);
  }

  @Test
  @DisplayName("a maximum below the initial wait keeps the initial wait")
  void maxBelowInitial() {
    LoadBenchmark.Backoff b = new LoadBenchmark.Backoff(100, 10);
    assertThat(b.next()).isEqualTo(100);
    assertThat(b.next()).isEqualTo(100);
  }
}
