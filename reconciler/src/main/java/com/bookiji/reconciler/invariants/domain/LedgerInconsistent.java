package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Instant;
import java.util.List;

/** The ledger's own rules broke: a pending amount resolved twice, or posted money went below zero. */
public final class LedgerInconsistent extends AbstractCheck {

  public static final String CODE = "LEDGER_INCONSISTENT";

  public LedgerInconsistent() {
    super(CODE);
  }

  @Override
  public List<Finding> check(ModelSnapshot model, Instant now) {
    return ledgersByReservation(model)
        .filter(l -> !l.anomalies().isEmpty())
        .map(l -> finding(Severity.CRITICAL, l.reservationId(), l.reservationId(), String.join("; ", l.anomalies())))
        .toList();
  }
}
