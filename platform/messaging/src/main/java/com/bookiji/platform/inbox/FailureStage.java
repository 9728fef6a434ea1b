package com.bookiji.platform.inbox;

/** Where a dead-lettered record failed; header {@link DeadLetterHeaders#STAGE}. */
public enum FailureStage {
  /** The value is not readable Confluent-wire-format Avro (or its schema is unknown). */
  DESERIALIZATION,
  /** Readable, but not a valid Bookiji message: no eventId header, no correlationId, wrong type for the topic. */
  VALIDATION,
  /** The handler rejected it ({@link RefusedMessageException}) or kept failing after all retries. */
  HANDLER
}
