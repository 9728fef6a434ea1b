package com.bookiji.reconciler.console.application;

/** The dead-letter topics themselves: a dead letter's bytes sent back, unchanged, to the topic it failed on. */
public interface DeadLetterRecords {

  /** Where the copy went. */
  record Republished(String topic, int partition, long offset) {}

  /**
   * Reads the record at ({@code deadLetterTopic}, {@code partition}, {@code offset}) and sends its key,
   * value and original headers (not the {@code dlt.*} ones) to its original topic, marked as a replay.
   *
   * @throws IllegalStateException when the record cannot be read (gone by retention) or sent
   */
  Republished republish(String deadLetterTopic, int partition, long offset, String replayedBy);
}
