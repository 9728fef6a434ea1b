package com.bookiji.platform.outbox.relay;

import io.debezium.engine.DebeziumEngine;

/**
 * Seams where a test places a fault exactly instead of hoping a sleep lands it there: a crash
 * after the Nth acknowledged record, a Debezium close that hangs or is refused. A Spring bean of
 * this type is picked up by the relay; production has none and uses {@link #NONE}.
 */
public interface RelayHooks {

  RelayHooks NONE = new RelayHooks() {};

  /**
   * Called on the engine's thread after Kafka acknowledged every record of a batch and before its
   * rows are deleted and its offsets marked: a crash here re-streams the whole batch.
   *
   * @param records records the batch published
   * @param relayedBefore records this relay published before the batch
   */
  default void afterBatchAcknowledged(int records, long relayedBefore) throws InterruptedException {}

  /**
   * Called on the engine's thread when Debezium has started the connector and is about to start
   * its task (which connects to the database): the window in which Debezium refuses to close.
   */
  default void connectorStarted() throws InterruptedException {}

  /**
   * Asks Debezium to stop an engine. Debezium refuses while its tasks start
   * ({@code IllegalStateException}) and may block for minutes on a stalled database; the relay
   * calls this on a thread of its own and bounds the wait.
   */
  default void closeEngine(DebeziumEngine<?> engine) throws Exception {
    engine.close();
  }
}
