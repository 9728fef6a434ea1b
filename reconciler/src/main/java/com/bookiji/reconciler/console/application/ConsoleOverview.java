package com.bookiji.reconciler.console.application;

import com.bookiji.reconciler.console.domain.ConsumerGroupLag;
import com.bookiji.reconciler.console.domain.OutboxRelayState;
import com.bookiji.reconciler.invariants.application.Audit;
import com.bookiji.reconciler.invariants.application.AuditProperties;
import com.bookiji.reconciler.invariants.application.FindingFilter;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.FindingState;
import com.bookiji.reconciler.ledger.domain.Authorization;
import com.bookiji.reconciler.ledger.domain.Money;
import com.bookiji.reconciler.observation.application.Observations;
import com.bookiji.reconciler.observation.domain.Fact;
import com.bookiji.reconciler.observation.domain.ModelSnapshot;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldStatus;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * What on-call looks at first: sagas in flight, stuck holds and money, open findings, dead letters, lag,
 * the services' outbox relays.
 */
@Service
public class ConsoleOverview {

  private static final int LIST_LIMIT = 50;

  private final Observations observations;
  private final Audit audit;
  private final LagBoard lag;
  private final OutboxRelayBoard relays;
  private final AuditProperties auditProperties;
  private final Clock clock;

  public ConsoleOverview(Observations observations, Audit audit, LagBoard lag, OutboxRelayBoard relays,
      AuditProperties auditProperties, Clock clock) {
    this.observations = observations;
    this.audit = audit;
    this.lag = lag;
    this.relays = relays;
    this.auditProperties = auditProperties;
    this.clock = clock;
  }

  public record SagaInFlight(String reservationId, String slotId, String state, Instant since, long ageSeconds,
      Money amount) {}

  public record StuckHold(String holdId, String reservationId, String slotId, Instant expiredAt, long overdueSeconds) {}

  /**
   * An authorization still open; {@code captureBefore} is when it lapses (authorized at + the
   * configured validity: Stripe's own {@code capture_before} is not in its list answers), {@code stuck}
   * when its reservation ended and nothing will capture or void it.
   */
  public record OpenAuthorization(String reservationId, String paymentIntentId, Money amount, Instant authorizedAt,
      Instant captureBefore, String reservationState, boolean stuck) {}

  public record Overview(Instant at, Map<String, Integer> sagasByState, List<SagaInFlight> sagasInFlight,
      List<StuckHold> stuckHolds, List<OpenAuthorization> openAuthorizations,
      Map<String, Integer> openFindingsBySeverity, List<FindingRecord> openFindings,
      Map<String, Integer> deadLettersByTopic, List<ConsumerGroupLag> lag, List<OutboxRelayState> outboxRelays) {}

  public Overview overview() {
    Instant now = clock.instant();
    ModelSnapshot model = observations.model();
    List<ReservationView> inFlight = model.reservations().values().stream()
        .filter(r -> !r.terminal()).sorted(Comparator.comparing(ReservationView::stateSince)).toList();
    Map<String, Integer> byState = new TreeMap<>();
    inFlight.forEach(r -> byState.merge(r.state() == null ? "REQUESTED" : r.state(), 1, Integer::sum));
    List<SagaInFlight> sagas = inFlight.stream().limit(LIST_LIMIT).map(r -> new SagaInFlight(r.reservationId(),
        r.slotId(), r.state() == null ? "REQUESTED" : r.state(), r.stateSince(),
        Math.max(0, Duration.between(r.stateSince(), now).toSeconds()), r.amount())).toList();

    List<StuckHold> stuckHolds = model.holds().values().stream()
        .filter(h -> h.status() == HoldStatus.ACTIVE && h.expiresAt() != null && h.expiresAt().isBefore(now))
        .sorted(Comparator.comparing(ModelSnapshot.HoldView::expiresAt)).limit(LIST_LIMIT)
        .map(h -> new StuckHold(h.holdId(), h.reservationId(), h.slotId(), h.expiresAt(),
            Duration.between(h.expiresAt(), now).toSeconds())).toList();

    List<OpenAuthorization> open = new ArrayList<>();
    model.ledgers().forEach((reservationId, ledger) -> {
      ReservationView r = model.reservations().get(reservationId);
      for (Authorization a : ledger.openAuthorizations()) {
        open.add(new OpenAuthorization(reservationId, a.paymentIntentId(), a.amount(), a.authorizedAt(),
            a.authorizedAt().plus(auditProperties.getAuthorizationValidity()),
            r == null ? null : r.state(), r != null && r.terminal()));
      }
    });
    open.sort(Comparator.comparing(OpenAuthorization::stuck).reversed()
        .thenComparing(OpenAuthorization::captureBefore));

    List<FindingRecord> openFindings = audit.findings(new FindingFilter(null, null, null, null)).stream()
        .filter(f -> f.state() != FindingState.RESOLVED).toList();
    Map<String, Integer> bySeverity = new TreeMap<>();
    openFindings.forEach(f -> bySeverity.merge(f.severity().name(), 1, Integer::sum));

    Map<String, Integer> deadLetters = new TreeMap<>();
    for (Fact.DeadLettered d : model.deadLetters()) {
      deadLetters.merge(d.topic(), 1, Integer::sum);
    }
    return new Overview(now, byState, sagas, stuckHolds, open.stream().limit(LIST_LIMIT).toList(), bySeverity,
        openFindings.stream().limit(LIST_LIMIT).toList(), deadLetters, lag.groups(), relays.relays());
  }
}
