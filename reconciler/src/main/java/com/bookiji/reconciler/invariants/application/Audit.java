package com.bookiji.reconciler.invariants.application;

import com.bookiji.reconciler.invariants.domain.Finding;
import com.bookiji.reconciler.invariants.domain.FindingBook;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.InvariantCheck;
import com.bookiji.reconciler.invariants.domain.InvariantChecks;
import com.bookiji.reconciler.invariants.domain.PendingFinding;
import com.bookiji.reconciler.invariants.domain.BreakConfirmation;
import com.bookiji.reconciler.observation.application.ConsumerLagMonitor;
import com.bookiji.reconciler.invariants.domain.Severity;
import com.bookiji.reconciler.observation.application.ReadModel;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.stripe.application.StripeReconciliation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Runs every check on a snapshot of the typed model and keeps the findings' history: soon after
 * each new message and on a schedule (time alone breaks some invariants). Findings are kept in
 * memory and written through to the store; one reconciler instance audits (see README).
 */
@Service
public class Audit {

  private final ReadModel model;
  private final FindingLog log;
  private final Clock clock;
  private final InvariantChecks checks;
  private final StripeReconciliation stripe;
  private final ConsumerLagMonitor lag;
  private List<PendingFinding> pending = List.of();
  private final BreakConfirmation confirmation;
  private volatile boolean awaitingConfirmation;
  private final Map<String, FindingRecord> findings = new LinkedHashMap<>();
  private final MultiGauge openByCodeAndSeverity;
  private long auditedVersion = -1;

  public Audit(ReadModel model, FindingStore store, FindingLog log, Clock clock, AuditProperties properties,
      StripeReconciliation stripe, ConsumerLagMonitor lag, MeterRegistry meters) {
    this.lag = lag;
    this.model = model;
    this.stripe = stripe;
    this.log = log;
    this.clock = clock;
    this.checks = InvariantChecks.all(properties.bounds());
    this.confirmation = new BreakConfirmation(properties.getConfirmAfter());
    store.all().forEach(r -> findings.put(r.breakId(), r));
    this.openByCodeAndSeverity = MultiGauge.builder("bookiji.reconciler.findings.open")
        .description("open (not resolved) findings by check code and severity").register(meters);
    Gauge.builder("bookiji.reconciler.findings.pending", this, a -> a.pending().size())
        .description("breaks held back because a consumer they depend on is behind").register(meters);
    Gauge.builder("bookiji.reconciler.findings.oldest.open.age", this, Audit::oldestOpenAgeSeconds)
        .description("age of the oldest open finding").baseUnit("seconds").register(meters);
    publishMetrics();
  }

  /** The codes of every check this auditor runs. */
  public List<String> codes() {
    List<String> codes = new java.util.ArrayList<>(checks.checks().stream().map(InvariantCheck::code).toList());
    codes.addAll(stripe.codes());
    codes.add(InvariantChecks.CHECK_FAILED);
    return codes;
  }

  @Scheduled(fixedDelayString = "${bookiji.reconciler.audit.event-check-delay:250ms}")
  public void runIfSomethingHappened() {
    if (model.version() != auditedVersion || awaitingConfirmation) {
      run();
    }
  }

  @Scheduled(fixedDelayString = "${bookiji.reconciler.audit.check-interval:10s}")
  public synchronized void run() {
    long version = model.version();
    Instant now = clock.instant();
    ModelSnapshot snapshot = model.snapshot();
    InvariantChecks.Run run = checks.run(snapshot, lag.current(), now);
    List<Finding> seen = new java.util.ArrayList<>(run.raised());
    seen.addAll(stripe.check(snapshot, now));
    BreakConfirmation.Result confirmed = confirmation.confirm(seen,
        id -> findings.containsKey(id) && findings.get(id).open(), now);
    List<PendingFinding> nowPending = new java.util.ArrayList<>(run.pending());
    nowPending.addAll(confirmed.unconfirmed());
    pending = List.copyOf(nowPending);
    awaitingConfirmation = !confirmed.unconfirmed().isEmpty(); // look again soon, not only on the next message
    List<FindingRecord> changed = FindingBook.reconcile(findings, confirmed.confirmed(), now);
    log.record(changed, findings);
    changed.forEach(r -> findings.put(r.breakId(), r));
    auditedVersion = version;
    publishMetrics();
  }

  public synchronized List<FindingRecord> findings(FindingFilter filter) {
    return findings.values().stream().filter(filter)
        .sorted(Comparator.comparing(FindingRecord::firstSeenAt).thenComparing(FindingRecord::breakId))
        .toList();
  }

  /** Breaks held back because a consumer they depend on is behind: "not yet seen", not raised. */
  public synchronized List<PendingFinding> pending() {
    return pending;
  }

  public synchronized FindingRecord finding(String breakId) {
    FindingRecord r = findings.get(breakId);
    if (r == null) {
      throw new UnknownFindingException(breakId);
    }
    return r;
  }

  public synchronized FindingRecord acknowledge(String breakId, String by) {
    return change(finding(breakId).acknowledged(by, clock.instant()));
  }

  public synchronized FindingRecord resolve(String breakId, String by, String note) {
    return change(finding(breakId).resolvedBy(by, note, clock.instant()));
  }

  private FindingRecord change(FindingRecord changed) {
    log.record(List.of(changed), findings);
    findings.put(changed.breakId(), changed);
    publishMetrics();
    return changed;
  }

  private void publishMetrics() {
    Map<List<String>, Long> open = findings.values().stream().filter(FindingRecord::open)
        .collect(Collectors.groupingBy(r -> List.of(r.code(), r.severity().name()), Collectors.counting()));
    List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
    for (String code : codes()) {
      for (Severity severity : Severity.values()) {
        long n = open.getOrDefault(List.of(code, severity.name()), 0L);
        rows.add(MultiGauge.Row.of(Tags.of("code", code, "severity", severity.name()), n));
      }
    }
    openByCodeAndSeverity.register(rows, true);
  }

  private synchronized double oldestOpenAgeSeconds() {
    Instant now = clock.instant();
    return findings.values().stream().filter(FindingRecord::open)
        .mapToLong(r -> r.age(now).toSeconds()).max().orElse(0);
  }
}
