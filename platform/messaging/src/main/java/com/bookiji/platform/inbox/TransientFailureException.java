package com.bookiji.platform.inbox;

/**
 * A handler's way to say "not now": something it depends on is unavailable and the same message
 * will succeed later. Classified {@link FailureKind#TRANSIENT}, so it is retried, never dead-lettered
 * before the transient retry bound.
 */
public class TransientFailureException extends RuntimeException {
  public TransientFailureException(String message) {
    super(message);
  }

  public TransientFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
