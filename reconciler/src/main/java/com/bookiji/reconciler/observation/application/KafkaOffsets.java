package com.bookiji.reconciler.observation.application;

import java.util.Map;

/** The broker's end offsets and every consumer group's committed offsets, read without consuming. */
public interface KafkaOffsets {

  /** Keys are {@code topic/partition}. */
  record Reading(Map<String, Long> endOffsets, Map<String, Map<String, Long>> committedByGroup) {}

  Reading read();
}
