package com.bookiji.reconciler.observation.application;

import java.util.Map;
import java.util.Set;

/** The broker's end offsets and every consumer group's committed offsets, read without consuming. */
public interface KafkaOffsets {

  /**
   * Keys are {@code topic/partition}. {@code groupsWithMembers}: the groups that had a live member
   * (someone who could commit) at the time of reading.
   */
  record Reading(Map<String, Long> endOffsets, Map<String, Map<String, Long>> committedByGroup,
      Set<String> groupsWithMembers) {

    public Reading(Map<String, Long> endOffsets, Map<String, Map<String, Long>> committedByGroup) {
      this(endOffsets, committedByGroup, committedByGroup.keySet());
    }
  }

  Reading read();
}
