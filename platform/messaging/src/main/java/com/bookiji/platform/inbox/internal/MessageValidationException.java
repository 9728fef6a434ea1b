package com.bookiji.platform.inbox.internal;

import com.bookiji.platform.inbox.RefusedMessageException;

/** A readable record that is not a valid Bookiji message: dead-lettered at stage VALIDATION. */
public class MessageValidationException extends RefusedMessageException {
  public MessageValidationException(String message) {
    super(message);
  }
}
