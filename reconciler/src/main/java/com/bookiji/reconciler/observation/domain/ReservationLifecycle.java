package com.bookiji.reconciler.observation.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every observed message of one reservation, across all topics, in the order things happened.
 * Producers' clocks order messages from different topics (there is no cross-topic offset); within
 * one partition the offset breaks ties, which keeps one saga's messages in their log order.
 */
public record ReservationLifecycle(String reservationId, List<ObservedMessage> messages) {

  static final Comparator<ObservedMessage> HAPPENED_BEFORE = Comparator
      .comparing(ObservedMessage::effectiveTime)
      .thenComparing(ObservedMessage::observedAt)
      .thenComparing(ObservedMessage::topic)
      .thenComparingInt(ObservedMessage::partition)
      .thenComparingLong(ObservedMessage::offset);

  public ReservationLifecycle {
    messages = messages.stream().sorted(HAPPENED_BEFORE).toList();
  }

  public boolean observed() {
    return !messages.isEmpty();
  }

  public Optional<ObservedMessage> last() {
    return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
  }
}
