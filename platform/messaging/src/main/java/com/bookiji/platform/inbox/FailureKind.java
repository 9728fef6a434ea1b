package com.bookiji.platform.inbox;

/** What a failed delivery says about the next attempt; header {@link DeadLetterHeaders#FAILURE}. */
public enum FailureKind {
  /**
   * The surroundings failed (database or registry unreachable, timeout, lock, serialization
   * conflict, 5xx): the same message will succeed later. Retried with backoff until it does or
   * {@code bookiji.inbox.transient-retry-bound} has passed.
   */
  TRANSIENT,
  /** The message itself can never be applied (unreadable, invalid, unknown schema, refused): dead-lettered at once. */
  DETERMINISTIC,
  /** Nothing says which (e.g. a bug in a handler): retried {@code bookiji.inbox.max-attempts} times, then dead-lettered. */
  UNKNOWN
}
