package com.bookiji.reconciler.repairs.application;

import com.bookiji.reconciler.invariants.application.Audit;
import com.bookiji.reconciler.invariants.application.FindingFilter;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.observation.application.ReadModel;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.repairs.domain.Repair;
import com.bookiji.reconciler.repairs.domain.RepairMode;
import com.bookiji.reconciler.repairs.domain.RepairPlan;
import com.bookiji.reconciler.repairs.domain.RepairPolicy;
import com.bookiji.reconciler.repairs.domain.RepairRateLimit;
import com.bookiji.reconciler.repairs.domain.RepairStatus;
import com.bookiji.reconciler.repairs.domain.RepairType;
import com.bookiji.reconciler.stripe.application.StripeCallFailed;
import com.bookiji.reconciler.stripe.application.StripePaymentIntents;
import com.bookiji.reconciler.stripe.domain.StripeIntent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Turns open findings into repairs: carried out by the auditor (AUTO), proposed for an OPS user
 * (PROPOSE) or left alone (OFF), per repair type. One repair per break, ever: a break still open
 * after its repair is left for a person, never repaired again.
 */
@Service
public class Repairs {

  private static final Logger log = LoggerFactory.getLogger(Repairs.class);

  private final Audit audit;
  private final ReadModel model;
  private final RepairStore store;
  private final RepairExecution execution;
  private final ObjectProvider<StripePaymentIntents> stripe;
  private final RepairProperties properties;
  private final Clock clock;
  private final RepairRateLimit rateLimit;
  private final MeterRegistry meters;

  public Repairs(Audit audit, ReadModel model, RepairStore store, RepairExecution execution,
      ObjectProvider<StripePaymentIntents> stripe, RepairProperties properties, Clock clock, MeterRegistry meters) {
    this.audit = audit;
    this.model = model;
    this.store = store;
    this.execution = execution;
    this.stripe = stripe;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.rateLimit = new RepairRateLimit(properties.getMaxPerMinute(), properties.window());
  }

  @Scheduled(fixedDelayString = "${bookiji.reconciler.repairs.interval:2s}")
  public synchronized void run() {
    finishStripeCalls();
    List<FindingRecord> findings = audit.findings(new FindingFilter(null, null, null, null));
    for (FindingRecord f : findings) {
      Optional<Repair> existing = store.find(RepairPlan.idFor(f.breakId()));
      if (existing.isPresent()) {
        Repair r = existing.get();
        if (!f.open() && r.status().awaitsOutcome()) {
          store.update(r.with(RepairStatus.SUCCEEDED, null, clock.instant(),
              "the finding resolved after the repair (" + f.resolvedBy() + ")"), RepairStatus.SENT);
        } else if (!f.open() && r.status() == RepairStatus.PROPOSED) {
          store.update(r.with(RepairStatus.REFUSED, FindingRecord.AUDITOR, clock.instant(),
              "withdrawn: the finding resolved before anyone approved (" + f.resolvedBy() + ")"), RepairStatus.PROPOSED);
        }
        continue;
      }
      if (!f.open()) {
        continue;
      }
      RepairPolicy.plan(f.code(), f.breakId(), f.subjectId(), f.reservationId()).ifPresent(plan -> {
        RepairMode mode = properties.mode(plan.type());
        if (mode == RepairMode.PROPOSE) {
          if (store.insertIfAbsent(Repair.proposed(plan, clock.instant()))) {
            count(plan.type(), RepairStatus.PROPOSED);
            log.info("Repair proposed for {}: {}", plan.breakId(), plan.commands());
          }
        } else if (mode == RepairMode.AUTO) {
          carryOut(plan, RepairMode.AUTO, "auditor", false);
        }
      });
    }
  }

  public synchronized List<Repair> all() {
    return store.all().stream().sorted(Comparator.comparing(Repair::createdAt).thenComparing(Repair::repairId)).toList();
  }

  public Repair find(String repairId) {
    return store.find(repairId).orElseThrow(() -> new UnknownRepairException(repairId));
  }

  /** An OPS user approves a proposed repair: checked against the state now, then carried out. */
  public synchronized Repair approve(String repairId, String by) {
    Repair proposed = proposed(repairId);
    carryOut(proposed.plan(), RepairMode.PROPOSE, by, true);
    return find(repairId);
  }

  public synchronized Repair reject(String repairId, String by, String note) {
    if (note == null || note.isBlank()) {
      throw new IllegalArgumentException("rejecting a repair needs a note saying why");
    }
    Repair proposed = proposed(repairId);
    if (!store.update(proposed.with(RepairStatus.REJECTED, by, clock.instant(), note.strip()), RepairStatus.PROPOSED)) {
      throw new RepairTransitionRefused(repairId + " was decided meanwhile");
    }
    count(proposed.plan().type(), RepairStatus.REJECTED);
    return find(repairId);
  }

  private Repair proposed(String repairId) {
    Repair r = find(repairId);
    if (r.status() != RepairStatus.PROPOSED) {
      throw new RepairTransitionRefused(repairId + " is " + r.status() + ", only a PROPOSED repair can be decided");
    }
    return r;
  }

  private void carryOut(RepairPlan plan, RepairMode mode, String by, boolean approval) {
    Instant now = clock.instant();
    ModelSnapshot snapshot = model.snapshot();
    Optional<StripeIntent> intent = plan.type() == RepairType.CANCEL_ORPHAN_INTENT ? retrieve(plan.subjectId()) : Optional.empty();
    Optional<String> refusal = RepairPolicy.refusal(plan, snapshot, intent);
    if (refusal.isPresent()) {
      Repair refused = Repair.refused(plan, mode, by, "refused: " + refusal.get(), now);
      boolean recorded = approval ? store.update(refused, RepairStatus.PROPOSED) : store.insertIfAbsent(refused);
      if (recorded) {
        count(plan.type(), RepairStatus.REFUSED);
        log.info("Repair {} refused: {}", plan.repairId(), refusal.get());
      }
      return;
    }
    if (!rateLimit.tryAcquire(now)) {
      if (approval) {
        throw new RepairTransitionRefused("the repair rate limit (" + properties.getMaxPerMinute()
            + " a minute) is reached; approve again in a minute");
      }
      meters.counter("bookiji.reconciler.repairs.deferred", "type", plan.type().name()).increment();
      return; // the finding is still open: the next run tries again
    }
    boolean stripeCall = plan.type() == RepairType.CANCEL_ORPHAN_INTENT;
    Repair claimed = Repair.claimed(plan, mode, by, stripeCall, now);
    boolean claimedNow = approval ? execution.claimProposed(claimed) : execution.claim(claimed);
    if (!claimedNow) {
      return;
    }
    log.info("Repair {} carried out by {}: {}", plan.repairId(), by, plan.commands());
    if (stripeCall) {
      voidAtStripe(claimed);
    } else {
      count(plan.type(), RepairStatus.SENT);
    }
  }

  /** A SENDING repair whose Stripe call never answered (a crash): the same idempotency key again. */
  private void finishStripeCalls() {
    store.all().stream().filter(r -> r.status() == RepairStatus.SENDING).forEach(this::voidAtStripe);
  }

  private void voidAtStripe(Repair sending) {
    Instant now = clock.instant();
    try {
      StripeIntent voided = stripe.getObject().voidIntent(sending.plan().subjectId(), sending.repairId());
      store.update(sending.with(RepairStatus.SENT, null, now, "Stripe answered: " + voided.id() + " is "
          + voided.status()), RepairStatus.SENDING);
      count(sending.plan().type(), RepairStatus.SENT);
    } catch (RuntimeException e) {
      if (e instanceof StripeCallFailed failed && failed.transientFailure()) {
        log.warn("Repair {}: Stripe did not answer, retried with the same idempotency key: {}", sending.repairId(), e.toString());
        return;
      }
      store.update(sending.with(RepairStatus.FAILED, null, now, "Stripe refused: " + e.getMessage()), RepairStatus.SENDING);
      count(sending.plan().type(), RepairStatus.FAILED);
    }
  }

  private Optional<StripeIntent> retrieve(String paymentIntentId) {
    StripePaymentIntents client = stripe.getIfAvailable();
    if (client == null) {
      return Optional.empty();
    }
    try {
      return client.retrieve(paymentIntentId);
    } catch (RuntimeException e) {
      log.warn("Reading {} at Stripe failed: {}", paymentIntentId, e.toString());
      return Optional.empty();
    }
  }

  private void count(RepairType type, RepairStatus status) {
    Counter.builder("bookiji.reconciler.repairs").description("repairs by type and what became of them")
        .tags("type", type.name(), "status", status.name()).register(meters).increment();
  }

  public static final class UnknownRepairException extends RuntimeException {
    public UnknownRepairException(String repairId) {
      super("no repair " + repairId);
    }
  }

  public static final class RepairTransitionRefused extends RuntimeException {
    public RepairTransitionRefused(String message) {
      super(message);
    }
  }
}
