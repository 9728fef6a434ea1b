package com.bookiji.platform.inbox;

/** A message that can never be applied (invalid fields, unknown type): dead-lettered without retries. */
public class RefusedMessageException extends RuntimeException {
  public RefusedMessageException(String message) {
    super(message);
  }

  public RefusedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
