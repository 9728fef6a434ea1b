package com.bookiji.reconciler.observation.application;

import java.time.Instant;

/** Told of every offsets reading the lag monitor takes, so other features sample without a second AdminClient. */
public interface LagReadingListener {

  void sampled(Instant at, KafkaOffsets.Reading reading);
}
