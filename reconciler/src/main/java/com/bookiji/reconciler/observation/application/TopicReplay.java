package com.bookiji.reconciler.observation.application;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;

/** Reads every topic (and every dead-letter topic) from its beginning into an empty model. */
public interface TopicReplay {

  /**
   * @param messages records folded into the model
   * @param skipped records that could not be read as a message (each was dead-lettered by the consumer
   *     that met it, so its dead letter is in the model instead)
   */
  record Replayed(ModelSnapshot model, long messages, long skipped) {}

  Replayed replayFromStart();
}
