package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** More than one capture for one reservation, whatever the retries. No grace. */
public final class MultipleCaptures implements InvariantCheck {

  public static final String CODE = "MULTIPLE_CAPTURES";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return model.ledgers().values().stream()
        .filter(l -> l.captures().size() > 1)
        .sorted(Comparator.comparing(l -> l.reservationId()))
        .map(l -> new Finding(CODE, Severity.CRITICAL, l.reservationId(), l.reservationId(),
            l.captures().size() + " captures: " + l.captures().stream()
                .map(c -> c.paymentIntentId() + "/" + c.chargeId() + " " + c.amount())
                .collect(Collectors.joining(", "))))
        .toList();
  }
}
