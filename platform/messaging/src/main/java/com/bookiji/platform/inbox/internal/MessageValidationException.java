package com.bookiji.platform.inbox.internal;

import com.bookiji.platform.inbox.RejectedMessageException;

/** A readable record that is not a valid Bookiji message: dead-lettered at stage VALIDATION. */
public class MessageValidationException extends RejectedMessageException {
  public MessageValidationException(String message) {
    super(message);
  }
}
