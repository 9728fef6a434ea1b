package com.bookiji.platform.inbox;

/**
 * Applies one message's effect. Runs inside the inbox transaction: the effect, the inbox record and
 * any outbox rows it appends commit together, and a redelivered message never reaches the handler
 * again. Throw {@link RefusedMessageException} for a message that can never succeed (it goes to
 * the dead-letter topic at once); any other exception is retried a bounded number of times first.
 */
@FunctionalInterface
public interface MessageHandler {
  void handle(InboundMessage message);
}
