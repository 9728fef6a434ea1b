package com.bookiji.reconciler.invariants.domain;

import com.bookiji.reconciler.observation.domain.GroupLag;
import com.bookiji.reconciler.observation.domain.LagSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every check, in the order the README lists them, with lag-aware grace: a check that depends on a
 * topic some consumer is behind on is also run at {@code now - lag} (the lag capped at
 * {@code maxLagStretch}); what it finds only at {@code now} is pending, not raised.
 */
public record InvariantChecks(List<InvariantCheck> checks, Duration maxLagStretch) {

  public InvariantChecks {
    checks = List.copyOf(checks);
  }

  public InvariantChecks(List<InvariantCheck> checks) {
    this(checks, Duration.ZERO);
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
        new LedgerInconsistent()), bounds.maxLagStretch());
  }

  /** The findings raised now and those held back by a consumer's lag. */
  public record Run(List<Finding> raised, List<PendingFinding> pending) {}

  /** A check that threw: its own finding, so the failure is seen and the other checks still run. */
  public static final String CHECK_FAILED = "CHECK_FAILED";

  private static Finding checkFailed(InvariantCheck check, RuntimeException e) {
    return new Finding(CHECK_FAILED, Severity.HIGH, check.code(), null,
        "the check " + check.code() + " failed and found nothing it should have looked for: " + e);
  }

  public List<Finding> run(ModelSnapshot model, Instant now) {
    return run(model, LagSnapshot.none(), now).raised();
  }

  public Run run(ModelSnapshot model, LagSnapshot lags, Instant now) {
    List<Finding> raised = new ArrayList<>();
    List<PendingFinding> pending = new ArrayList<>();
    for (InvariantCheck check : checks) {
      List<Finding> atNow;
      try {
        atNow = check.check(model, now);
      } catch (RuntimeException e) {
        raised.add(checkFailed(check, e)); // one broken check must not silence the others
        continue;
      }
      Optional<GroupLag> lag = lags.worst(check.dependsOn());
      if (lag.isEmpty() || atNow.isEmpty()) {
        raised.addAll(atNow);
        continue;
      }
      Duration stretch = lag.get().timeBehind().compareTo(maxLagStretch) > 0 ? maxLagStretch : lag.get().timeBehind();
      Set<String> real = check.check(model, now.minus(stretch)).stream().map(Finding::breakId).collect(Collectors.toSet());
      for (Finding f : atNow) {
        if (real.contains(f.breakId())) {
          raised.add(f);
        } else {
          pending.add(new PendingFinding(f, lag.get()));
        }
      }
    }
    return new Run(raised, pending);
  }
}
