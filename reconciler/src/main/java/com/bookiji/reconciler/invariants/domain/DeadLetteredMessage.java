package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Anything on a {@code -dlt} topic, and any message the auditor itself could not read: nothing may
 * be dropped silently. Stays until someone resolves it.
 */
public final class DeadLetteredMessage extends AbstractCheck {

  public static final String CODE = "DEAD_LETTERED_MESSAGE";

  public DeadLetteredMessage() {
    super(CODE);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    Stream<Finding> deadLetters = model.deadLetters().stream().map(this::deadLettered);
    Stream<Finding> unreadable = model.unreadable().stream().map(u -> finding(Severity.HIGH,
        u.topic() + ":" + u.partition() + ":" + u.offset(), u.reservationId(),
        "the auditor could not read this message: " + u.problem()));
    return Stream.concat(deadLetters, unreadable).toList();
  }

  private Finding deadLettered(Fact.DeadLettered d) {
    return finding(Severity.HIGH, d.topic() + ":" + d.partition() + ":" + d.offset(), d.reservationId(),
        "dead-lettered: " + d.failure());
  }
}
