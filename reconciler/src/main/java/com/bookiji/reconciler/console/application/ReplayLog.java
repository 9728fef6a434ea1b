package com.bookiji.reconciler.console.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit trail of dead-letter replays: every attempt, who asked, and what came of it. */
public interface ReplayLog {

  enum Outcome { SENDING, REPLAYED, REFUSED, FAILED }

  record Entry(long id, String deadLetterTopic, int partition, long offset, String eventType, String reservationId,
      String requestedBy, Instant requestedAt, Outcome outcome, String reason, String replayedTo) {}

  /**
   * Records an attempt that is about to send; false when this dead letter is already sending or
   * replayed (the claim is what makes a replay happen at most once).
   */
  Optional<Long> claim(String deadLetterTopic, int partition, long offset, String eventType, String reservationId,
      String requestedBy, Instant at);

  void finish(long id, Outcome outcome, String reason, String replayedTo);

  void refused(String deadLetterTopic, int partition, long offset, String eventType, String reservationId,
      String requestedBy, Instant at, String reason);

  boolean replayed(String deadLetterTopic, int partition, long offset);

  List<Entry> of(String deadLetterTopic, int partition, long offset);

  List<Entry> recent(int limit);
}
