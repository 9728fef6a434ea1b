package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.List;

/** Every check, in the order the README lists them. */
public record InvariantChecks(List<InvariantCheck> checks) {

  public InvariantChecks {
    checks = List.copyOf(checks);
  }

  public static InvariantChecks all(CheckBounds bounds) {
    return new InvariantChecks(List.of(
        new DoubleBooking(),
        new CaptureWithoutBooking(bounds),
        new AuthorizationLeftOpen(bounds),
        new AuthorizationExpiresBeforeCapture(bounds),
        new HoldNotResolved(bounds),
        new MultipleCaptures(),
        new SagaStuck(bounds),
        new DeadLetteredMessage(),
        new LedgerInconsistent()));
  }

  public List<Finding> run(ModelSnapshot model, Instant now) {
    return checks.stream().flatMap(c -> c.check(model, now).stream()).toList();
  }
}
