package com.bookiji.platform.archrules.sample.messaging;

/** A messaging class that does not write to the outbox: the rule does not look at it. */
public class PriceTopicCheck {
  public boolean exists(String topic) {
    return !topic.isBlank();
  }
}
