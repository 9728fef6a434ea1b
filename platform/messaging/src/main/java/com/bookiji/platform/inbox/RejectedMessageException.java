package com.bookiji.platform.inbox;

/** A message that can never be applied (invalid fields, unknown type): dead-lettered without retries. */
public class RejectedMessageException extends RuntimeException {
  public RejectedMessageException(String message) {
    super(message);
  }

  public RejectedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
