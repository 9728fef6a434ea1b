package com.bookiji.availability.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class HoldTtlPolicyTest {

  final HoldTtlPolicy policy = new HoldTtlPolicy(Duration.ofSeconds(600), Duration.ofSeconds(1800));

  @Property
  @Label("a requested TTL is honoured up to the maximum and never exceeds it")
  void capped(@ForAll @IntRange(min = 1, max = 1_000_000) int requested) {
    Duration ttl = policy.resolve(requested).orElseThrow();
    assertThat(ttl).isLessThanOrEqualTo(Duration.ofSeconds(1800));
    assertThat(ttl).isEqualTo(Duration.ofSeconds(Math.min(requested, 1800)));
  }

  @Property
  @Label("a negative TTL is invalid; zero means the service default")
  void negativeAndZero(@ForAll @IntRange(min = Integer.MIN_VALUE, max = -1) int requested) {
    assertThat(policy.resolve(requested)).isEmpty();
    assertThat(policy.resolve(0)).contains(Duration.ofSeconds(600));
  }
}
