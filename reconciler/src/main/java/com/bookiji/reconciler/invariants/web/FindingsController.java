package com.bookiji.reconciler.invariants.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.ApiProblem;
import com.bookiji.reconciler.invariants.application.Audit;
import com.bookiji.reconciler.invariants.application.FindingFilter;
import com.bookiji.reconciler.invariants.application.UnknownFindingException;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.FindingRecord.FindingTransitionRefused;
import com.bookiji.reconciler.invariants.domain.FindingState;
import com.bookiji.reconciler.invariants.domain.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The auditor's findings for on-call (OPS role, as all of {@code /ops/**}). */
@RestController
@RequestMapping("/ops/findings")
public class FindingsController {

  private final Audit audit;
  private final Clock clock;

  public FindingsController(Audit audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @GetMapping
  public FindingsView list(@RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String reservationId,
      @RequestParam(required = false) String minAge) {
    if (code != null && !audit.codes().contains(code)) {
      throw ApiProblem.badRequest("UNKNOWN_CHECK_CODE", "no check has code " + code + "; known: " + audit.codes());
    }
    FindingFilter filter = new FindingFilter(code, parse(FindingState.class, "state", state),
        parse(Severity.class, "severity", severity), reservationId,
        minAge == null ? null : clock.instant().minus(age(minAge)));
    return new FindingsView(audit.findings(filter).stream().map(FindingView::of).toList());
  }

  /** Breaks held back by a consumer's lag, each saying which consumer is how far behind. */
  @GetMapping("/pending")
  public PendingView pending() {
    return new PendingView(audit.pending().stream().map(p -> new PendingFindingView(p.finding().breakId(),
        p.finding().code(), p.finding().severity(), p.finding().subjectId(), p.finding().reservationId(), p.detail(),
        p.lag() == null ? null : p.lag().group(), p.lag() == null ? null : p.lag().topic(),
        p.lag() == null ? 0 : p.lag().timeBehind().toSeconds(), p.lag() == null ? 0 : p.lag().offsetLag())).toList());
  }

  @GetMapping("/{breakId}")
  public FindingView one(@PathVariable String breakId) {
    return answer(() -> audit.finding(breakId));
  }

  @PostMapping("/{breakId}/acknowledge")
  public FindingView acknowledge(@PathVariable String breakId, Actor actor) {
    return answer(() -> audit.acknowledge(breakId, actor.id()));
  }

  @PostMapping("/{breakId}/resolve")
  public FindingView resolve(@PathVariable String breakId, @RequestBody(required = false) ResolveRequest request,
      Actor actor) {
    if (request == null || request.note() == null || request.note().isBlank()) {
      throw ApiProblem.badRequest("RESOLUTION_NOTE_REQUIRED", "resolving a finding by hand needs a note saying why");
    }
    return answer(() -> audit.resolve(breakId, actor.id(), request.note()));
  }

  private static FindingView answer(Supplier<FindingRecord> change) {
    try {
      return FindingView.of(change.get());
    } catch (UnknownFindingException e) {
      throw ApiProblem.notFound("FINDING_NOT_FOUND", e.getMessage());
    } catch (FindingTransitionRefused e) {
      throw ApiProblem.conflict("FINDING_TRANSITION_REFUSED", e.getMessage());
    }
  }

  /** {@code minAge}: an ISO-8601 duration (PT15M, P1D), findings first seen at least that long ago. */
  private static Duration age(String minAge) {
    try {
      Duration age = Duration.parse(minAge);
      if (age.isNegative()) {
        throw new DateTimeParseException("negative", minAge, 0);
      }
      return age;
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("INVALID_FILTER", "minAge must be an ISO-8601 duration such as PT15M or P1D, not " + minAge);
    }
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("INVALID_FILTER", name + " must be one of "
          + Arrays.toString(type.getEnumConstants()) + ", not " + value);
    }
  }

  public record ResolveRequest(String note) {}

  public record PendingView(List<PendingFindingView> pending) {}

  public record PendingFindingView(String breakId, String code, Severity severity, String subjectId,
      String reservationId, String detail, String consumerGroup, String topic, long secondsBehind, long messagesBehind) {}

  public record FindingsView(List<FindingView> findings) {}

  public record FindingView(String breakId, String code, Severity severity, FindingState state, String subjectId,
      String reservationId, String detail, Instant firstSeenAt, Instant lastSeenAt, int occurrences,
      Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt, String resolvedBy, String resolutionNote) {

    static FindingView of(FindingRecord r) {
      return new FindingView(r.breakId(), r.code(), r.severity(), r.state(), r.subjectId(), r.reservationId(),
          r.detail(), r.firstSeenAt(), r.lastSeenAt(), r.occurrences(), r.acknowledgedAt(), r.acknowledgedBy(),
          r.resolvedAt(), r.resolvedBy(), r.resolutionNote());
    }
  }
}
