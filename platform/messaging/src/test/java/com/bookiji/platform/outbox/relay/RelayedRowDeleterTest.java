package com.bookiji.platform.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Relayed-row delete: Debezium's 32-bit transaction ids meet a snapshot's 64-bit ids")
class RelayedRowDeleterTest {

  @Test
  @DisplayName("a 32-bit id takes the epoch of the snapshot's xmax")
  void sameEpoch() {
    long xmax = (3L << 32) | 1_000;
    assertThat(RelayedRowDeleter.fullTransactionId(990, xmax)).isEqualTo((3L << 32) | 990);
  }

  @Test
  @DisplayName("a 32-bit id far above xmax's low half belongs to the epoch before (wrap-around)")
  void previousEpoch() {
    long xmax = (3L << 32) | 5;
    assertThat(RelayedRowDeleter.fullTransactionId(0xFFFF_FFF0L, xmax))
        .isEqualTo((2L << 32) | 0xFFFF_FFF0L);
  }

  @Test
  @DisplayName("in the first epoch nothing wraps, and a 64-bit id is taken as it is")
  void firstEpochAndFullIds() {
    assertThat(RelayedRowDeleter.fullTransactionId(0xFFFF_FFF0L, 5)).isEqualTo(0xFFFF_FFF0L);
    assertThat(RelayedRowDeleter.fullTransactionId((7L << 32) | 9, 12)).isEqualTo((7L << 32) | 9);
  }
}
