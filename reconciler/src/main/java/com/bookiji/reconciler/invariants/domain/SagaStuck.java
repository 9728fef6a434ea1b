package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** A reservation in a non-terminal state for longer than that state's bound + grace. */
public final class SagaStuck extends TimeBoundCheck {

  public static final String CODE = "SAGA_STUCK";

  public SagaStuck(CheckBounds bounds) {
    super(CODE, Set.of("availability.commands", "availability.events", "payment.commands", "payment.events",
        "reservation.events"), bounds);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return model.reservations().values().stream()
        .filter(r -> r.state() != null && !r.terminal())
        .filter(r -> now.isAfter(r.stateSince().plus(bounds.stateBound(r.state())).plus(bounds.grace())))
        .sorted(Comparator.comparing(r -> r.reservationId()))
        .map(r -> finding(Severity.MEDIUM, r.reservationId(), r.reservationId(),
            "in " + r.state() + " since " + r.stateSince() + ", longer than its bound of "
                + bounds.stateBound(r.state())))
        .toList();
  }
}
