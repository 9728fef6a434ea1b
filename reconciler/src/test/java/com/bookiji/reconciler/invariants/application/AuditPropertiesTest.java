package com.bookiji.reconciler.invariants.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.reconciler.invariants.domain.CheckBounds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("audit properties")
class AuditPropertiesTest {

  @Test
  @DisplayName("unset, they are the checks' documented defaults")
  void defaultsAreTheChecks() {
    assertThat(new AuditProperties().bounds()).isEqualTo(CheckBounds.defaults());
  }
}
