package com.bookiji.reservation.saga;

import com.bookiji.reservation.domain.DeadlineKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The result of one saga step: the next state, the commands to send (in order), the deadlines to
 * set and to clear, and a note for the timeline.
 */
public record Transition(
    SagaState previous,
    SagaState next,
    List<Command> commands,
    Map<DeadlineKind, Instant> deadlinesToSet,
    Set<DeadlineKind> deadlinesToClear,
    String note) {

  public Transition {
    Objects.requireNonNull(next);
    commands = List.copyOf(commands);
    deadlinesToSet = Map.copyOf(deadlinesToSet);
    deadlinesToClear = Set.copyOf(deadlinesToClear);
  }

  static Transition between(SagaState previous, SagaState next, List<Command> commands, String note) {
    Map<DeadlineKind, Instant> before = previous == null ? Map.of() : previous.deadlines();
    EnumMap<DeadlineKind, Instant> set = new EnumMap<>(DeadlineKind.class);
    EnumSet<DeadlineKind> clear = EnumSet.noneOf(DeadlineKind.class);
    next.deadlines().forEach((k, v) -> {
      if (!v.equals(before.get(k))) {
        set.put(k, v);
      }
    });
    before.keySet().forEach(k -> {
      if (!next.deadlines().containsKey(k)) {
        clear.add(k);
      }
    });
    return new Transition(previous, next, commands, set, clear, note);
  }

  /** Nothing changes and nothing is sent (duplicates, stale or foreign messages). */
  public boolean isNoOp() {
    return commands.isEmpty() && Objects.equals(previous, next);
  }

  public boolean stateChanged() {
    return previous == null || previous.state() != next.state();
  }
}
