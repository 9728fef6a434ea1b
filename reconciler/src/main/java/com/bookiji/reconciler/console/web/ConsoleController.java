package com.bookiji.reconciler.console.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.ApiProblem;
import com.bookiji.reconciler.console.application.ConsoleOverview;
import com.bookiji.reconciler.console.application.ConsoleOverview.Overview;
import com.bookiji.reconciler.console.application.DeadLetters;
import com.bookiji.reconciler.console.application.DeadLetters.DeadLetter;
import com.bookiji.reconciler.console.application.DeadLetters.Position;
import com.bookiji.reconciler.console.application.DeadLetters.ReplayOutcome;
import com.bookiji.reconciler.console.application.DeadLetters.ReplayResult;
import com.bookiji.reconciler.console.application.LagBoard;
import com.bookiji.reconciler.console.application.OutboxRelayBoard;
import com.bookiji.reconciler.console.application.ReplayLog;
import com.bookiji.reconciler.console.application.ReservationPages;
import com.bookiji.reconciler.console.application.ReservationPages.ReservationPage;
import com.bookiji.reconciler.console.web.ConsoleViews.GroupLagView;
import com.bookiji.reconciler.console.web.ConsoleViews.MessageView;
import com.bookiji.reconciler.console.web.ConsoleViews.OutboxRelayView;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.ledger.domain.Ledger;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.HoldView;
import com.bookiji.reconciler.observation.domain.ModelSnapshot.ReservationView;
import com.bookiji.reconciler.repairs.domain.Repair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ops console's data (OPS role, as all of {@code /ops/**}); the page itself is {@code /ops/}. */
@RestController
@RequestMapping("/ops/api")
public class ConsoleController {

  private static final int MAX_REPLAY_BATCH = 100;

  private final ConsoleOverview overview;
  private final LagBoard lag;
  private final ReservationPages reservations;
  private final DeadLetters deadLetters;
  private final OutboxRelayBoard relays;

  public ConsoleController(ConsoleOverview overview, LagBoard lag, ReservationPages reservations,
      DeadLetters deadLetters, OutboxRelayBoard relays) {
    this.overview = overview;
    this.lag = lag;
    this.reservations = reservations;
    this.deadLetters = deadLetters;
    this.relays = relays;
  }

  public record OverviewView(Instant at, Map<String, Integer> sagasByState,
      List<ConsoleOverview.SagaInFlight> sagasInFlight, List<ConsoleOverview.StuckHold> stuckHolds,
      List<ConsoleOverview.OpenAuthorization> openAuthorizations, Map<String, Integer> openFindingsBySeverity,
      List<FindingRecord> openFindings, Map<String, Integer> deadLettersByTopic, List<GroupLagView> lag,
      List<OutboxRelayView> outboxRelays) {

    static OverviewView of(Overview o) {
      return new OverviewView(o.at(), o.sagasByState(), o.sagasInFlight(), o.stuckHolds(), o.openAuthorizations(),
          o.openFindingsBySeverity(), o.openFindings(), o.deadLettersByTopic(),
          o.lag().stream().map(GroupLagView::of).toList(),
          o.outboxRelays().stream().map(OutboxRelayView::of).toList());
    }
  }

  @GetMapping("/overview")
  public OverviewView overview() {
    return OverviewView.of(overview.overview());
  }

  public record OutboxRelaysView(List<OutboxRelayView> relays) {}

  /** The latest reading of every configured service's relays (read on a schedule, never on this request). */
  @GetMapping("/outbox-relays")
  public OutboxRelaysView outboxRelays() {
    return new OutboxRelaysView(relays.relays().stream().map(OutboxRelayView::of).toList());
  }

  public record LagView(List<GroupLagView> groups) {}

  @GetMapping("/lag")
  public LagView lag() {
    return new LagView(lag.groups().stream().map(GroupLagView::of).toList());
  }

  @GetMapping("/lag/{group}")
  public GroupLagView lagOf(@PathVariable String group) {
    return lag.group(group).map(GroupLagView::of).orElseThrow(() ->
        ApiProblem.notFound("CONSUMER_GROUP_NOT_FOUND", "no committed offsets of consumer group " + group + " were read"));
  }

  public record SearchView(String query, List<String> reservationIds) {}

  @GetMapping("/reservations")
  public SearchView search(@RequestParam(required = false) String q) {
    if (q == null || q.isBlank()) {
      throw ApiProblem.badRequest("SEARCH_QUERY_REQUIRED",
          "q must name a reservation, slot, requester, vendor, hold, booking or Stripe id");
    }
    if (q.length() > 200) {
      throw ApiProblem.badRequest("SEARCH_QUERY_TOO_LONG", "q is at most 200 characters");
    }
    return new SearchView(q.strip(), reservations.search(q));
  }

  public record ReservationPageView(String reservationId, ReservationView reservation, List<HoldView> holds,
      Ledger ledger, Map<String, Long> posted, Map<String, Long> pending, ReservationPages.StripeObjects stripe,
      List<MessageView> messages, List<ReservationPages.NextPosition> nextMessage, List<FindingRecord> findings,
      List<Repair> repairs) {

    static ReservationPageView of(ReservationPage p) {
      return new ReservationPageView(p.reservationId(), p.reservation(), p.holds(), p.ledger(), p.ledger().posted(),
          p.ledger().pending(), p.stripe(), p.messages().stream().map(MessageView::of).toList(), p.nextMessage(),
          p.findings(), p.repairs());
    }
  }

  @GetMapping("/reservations/{reservationId}")
  public ReservationPageView reservation(@PathVariable String reservationId) {
    return reservations.page(reservationId).map(ReservationPageView::of).orElseThrow(() ->
        ApiProblem.notFound("RESERVATION_NOT_OBSERVED", "no message of reservation " + reservationId + " has been observed"));
  }

  public record DeadLettersView(List<DeadLetter> deadLetters) {}

  @GetMapping("/dead-letters")
  public DeadLettersView deadLetters(@RequestParam(required = false) String topic) {
    if (topic != null && !topic.endsWith("-dlt")) {
      throw ApiProblem.badRequest("INVALID_FILTER", "topic must be a dead-letter topic (<topic>-dlt), not " + topic);
    }
    return new DeadLettersView(deadLetters.browse(topic));
  }

  public record ReplaysView(List<ReplayLog.Entry> replays) {}

  @GetMapping("/dead-letters/replays")
  public ReplaysView replays() {
    return new ReplaysView(deadLetters.history());
  }

  /** One dead letter back to its topic: 200 when sent, 409 when refused, 404 unknown, 503 when sending failed. */
  @PostMapping("/dead-letters/{topic}/{partition}/{offset}/replay")
  public ReplayResult replayOne(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset,
      Actor actor) {
    ReplayResult result = deadLetters.replay(List.of(new Position(topic, partition, offset)), actor.id()).get(0);
    return switch (result.outcome()) {
      case REPLAYED -> result;
      case REFUSED -> throw ApiProblem.conflict(result.code(), result.reason());
      case NOT_FOUND -> throw ApiProblem.notFound(result.code(), result.reason());
      case FAILED -> throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, result.code(), result.reason());
    };
  }

  public record ReplayRequest(List<Position> deadLetters) {}

  public record ReplayResults(int replayed, int refused, int failed, int notFound, List<ReplayResult> results) {}

  /** Many at once; each is decided on its own and the answer lists every outcome. */
  @PostMapping("/dead-letters/replay")
  public ReplayResults replayMany(@RequestBody(required = false) ReplayRequest request, Actor actor) {
    if (request == null || request.deadLetters() == null || request.deadLetters().isEmpty()) {
      throw ApiProblem.badRequest("REPLAY_SELECTION_REQUIRED", "name the dead letters to replay: "
          + "{\"deadLetters\": [{\"topic\": \"payment.commands-dlt\", \"partition\": 0, \"offset\": 7}]}");
    }
    if (request.deadLetters().size() > MAX_REPLAY_BATCH) {
      throw ApiProblem.badRequest("REPLAY_SELECTION_TOO_LARGE", "at most " + MAX_REPLAY_BATCH + " dead letters at once");
    }
    if (request.deadLetters().stream().anyMatch(p -> p == null || p.topic() == null || !p.topic().endsWith("-dlt"))) {
      throw ApiProblem.badRequest("INVALID_DEAD_LETTER", "each dead letter needs a dead-letter topic (<topic>-dlt), "
          + "a partition and an offset");
    }
    List<ReplayResult> results = deadLetters.replay(request.deadLetters(), actor.id());
    return new ReplayResults(count(results, ReplayOutcome.REPLAYED), count(results, ReplayOutcome.REFUSED),
        count(results, ReplayOutcome.FAILED), count(results, ReplayOutcome.NOT_FOUND), results);
  }

  private static int count(List<ReplayResult> results, ReplayOutcome outcome) {
    return (int) results.stream().filter(r -> r.outcome() == outcome).count();
  }
}
