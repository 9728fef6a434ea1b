package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The ledger's own rules broke: a pending amount resolved twice, or posted money went below zero. */
public final class LedgerInconsistent implements InvariantCheck {

  public static final String CODE = "LEDGER_INCONSISTENT";

  @Override
  public String code() {
    return CODE;
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return model.ledgers().values().stream()
        .filter(l -> !l.anomalies().isEmpty())
        .sorted(Comparator.comparing(l -> l.reservationId()))
        .map(l -> new Finding(CODE, Severity.CRITICAL, l.reservationId(), l.reservationId(),
            String.join("; ", l.anomalies())))
        .toList();
  }
}
