package com.bookiji.reconciler.console.domain;

import java.time.Duration;

/** One group's position on one partition, as the console shows it. */
public record PartitionLag(String topic, int partition, long committedOffset, long endOffset, long offsetLag,
    Duration timeLag, LagStatus status) {}
