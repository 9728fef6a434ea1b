package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** More than one capture for one reservation, whatever the retries. No grace. */
public final class MultipleCaptures extends AbstractCheck {

  public static final String CODE = "MULTIPLE_CAPTURES";

  public MultipleCaptures() {
    super(CODE);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return ledgersByReservation(model)
        .filter(l -> l.captures().size() > 1)
        .map(l -> finding(Severity.CRITICAL, l.reservationId(), l.reservationId(),
            l.captures().size() + " captures: " + l.captures().stream()
                .map(c -> c.paymentIntentId() + "/" + c.chargeId() + " " + c.amount())
                .collect(Collectors.joining(", "))))
        .toList();
  }
}
