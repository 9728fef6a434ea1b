package com.bookiji.reconciler.console.domain;

import java.time.Duration;
import java.util.List;

/**
 * One consumer group: its worst partition's status, its total offset lag, its worst time lag, and
 * the reservations and money waiting behind it.
 */
public record ConsumerGroupLag(String group, LagStatus status, boolean hasMembers, long offsetLag, Duration timeLag,
    BusinessLag businessLag, List<PartitionLag> partitions) {

  public ConsumerGroupLag {
    partitions = List.copyOf(partitions);
  }
}
