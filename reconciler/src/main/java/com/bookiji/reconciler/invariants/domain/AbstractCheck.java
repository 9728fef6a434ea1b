package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What every check has besides its rule: its stable code, the topics whose lag may explain what it
 * finds, and findings carrying that code. A check's own file then holds only its rule.
 */
public abstract class AbstractCheck implements InvariantCheck {

  private final String code;
  private final Set<String> dependsOn;

  /** A check that does not depend on time, so no consumer's lag can explain what it finds. */
  protected AbstractCheck(String code) {
    this(code, Set.of());
  }

  protected AbstractCheck(String code, Set<String> dependsOn) {
    this.code = code;
    this.dependsOn = Set.copyOf(dependsOn);
  }

  @Override
  public final String code() {
    return code;
  }

  @Override
  public final Set<String> dependsOn() {
    return dependsOn;
  }

  protected final Finding finding(Severity severity, String subjectId, String reservationId, String detail) {
    return new Finding(code, severity, subjectId, reservationId, detail);
  }

  /** Every reservation's ledger in the order of its reservation id, so findings come in a stable order. */
  protected static Stream<Ledger> ledgersByReservation(ModelSnapshot model) {
    return model.ledgers().values().stream().sorted(Comparator.comparing(Ledger::reservationId));
  }
}
