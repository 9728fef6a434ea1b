package com.bookiji.reservation.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.ApiProblem;
import com.bookiji.platform.web.ProblemCodes;
import com.bookiji.platform.web.ProblemResponse;
import com.bookiji.platform.web.RateLimiter;
import com.bookiji.platform.web.Role;
import com.bookiji.reservation.application.RequestRefused;
import com.bookiji.reservation.application.ReservationPage;
import com.bookiji.reservation.application.ReservationService;
import com.bookiji.reservation.application.ReservationService.CreateOutcome;
import com.bookiji.reservation.application.ReservationService.VersionedView;
import com.bookiji.reservation.application.ReservationStore.ReadStamp;
import com.bookiji.reservation.application.ReservationView;
import com.bookiji.reservation.application.StoredResponse;
import com.bookiji.reservation.domain.ReservationState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping(path = "/reservations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "reservations")
public class ReservationController {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";

  private final ReservationService service;
  private final JsonMapper json;
  private final RateLimiter reservationRate;

  public ReservationController(ReservationService service, JsonMapper json,
      @Qualifier(ReservationLimits.RESERVATION_RATE) RateLimiter reservationRate) {
    this.service = service;
    this.json = json;
    this.reservationRate = reservationRate;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  @ProblemResponse(status = 400, codes = {"VALIDATION_FAILED", "MALFORMED_REQUEST", "MISSING_HEADER", "IDEMPOTENCY_KEY_REQUIRED"})
  @ProblemResponse(status = 403, codes = {"FORBIDDEN", "REQUESTER_MISMATCH"})
  @ProblemResponse(status = 409, codes = "IDEMPOTENCY_KEY_IN_USE")
  @ProblemResponse(status = 415, codes = "UNSUPPORTED_MEDIA_TYPE")
  @ProblemResponse(status = 422, codes = "IDEMPOTENCY_KEY_REUSED")
  @ProblemResponse(status = 429, codes = {"TOO_MANY_AWAITING_PAYMENT", "RATE_LIMITED"})
  @Operation(summary = "Reserve a slot",
      description = "Starts the reservation saga and answers 202 with the reservation and where to poll "
          + "(Location) or listen (links.events). The same Idempotency-Key and body replays the first "
          + "response; the same key with another body is 422; a concurrent duplicate is 409.")
  public ResponseEntity<ReservationResponse> create(Actor actor,
      @RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
      @Valid @RequestBody CreateReservationRequest request) {
    reservationRate.tryAcquire(actor.id()).ifPresent(wait -> {
      throw new RequestRefused(RequestRefused.Kind.TOO_MANY_REQUESTS, "RATE_LIMITED",
          "too many reservation requests; try again later", wait);
    });
    CreateOutcome outcome = service.create(actor, idempotencyKey, request.slotId().toString(),
        request.requesterId(), view -> {
          ReservationResponse body = ReservationResponse.of(view, actor);
          return new StoredResponse(HttpStatus.ACCEPTED.value(), json.writeValueAsString(body), body.id());
        });
    StoredResponse stored = outcome.response();
    ReservationResponse body = json.readValue(stored.body(), ReservationResponse.class);
    return ResponseEntity.status(stored.status())
        .location(URI.create("/reservations/" + stored.reservationId()))
        .header(REPLAYED, Boolean.toString(outcome.replayed()))
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(body);
  }

  @GetMapping("/{id}")
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 404, codes = "RESERVATION_NOT_FOUND")
  @Operation(summary = "A reservation: state, deadlines, amount, client secret while authorization is awaited, timeline",
      description = "Answers with an ETag; a poll that sends it back in If-None-Match gets 304 Not Modified "
          + "without a body until the reservation changes (one row read, no timeline).")
  public ResponseEntity<ReservationResponse> get(Actor actor, @PathVariable UUID id, WebRequest request) {
    String reservationId = id.toString();
    VersionedView versioned;
    if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null) {
      ReadStamp stamp = service.readStamp(actor, reservationId);
      if (request.checkNotModified(etag(stamp.version(), actor, stamp.requesterId()))) {
        return null;
      }
      versioned = service.getVersioned(actor, reservationId, stamp);
    } else {
      versioned = service.getVersioned(actor, reservationId);
    }
    ReservationResponse body = ReservationResponse.of(versioned.view(), actor);
    return ResponseEntity.ok().cacheControl(CacheControl.noCache())
        .eTag(etag(versioned.version(), actor, body.requesterId())).body(body);
  }

  /**
   * The version identifies the body, except that only the requester sees the client secret: the
   * requester's representation has an ETag of its own.
   */
  private static String etag(long version, Actor viewer, String requesterId) {
    boolean requesterView = viewer.role() == Role.REQUESTER && viewer.id().equals(requesterId);
    return "\"" + version + (requesterView ? "-requester" : "") + "\"";
  }

  @GetMapping
  @ProblemResponse(status = 400, codes = {"INVALID_PARAMETER", "INVALID_CURSOR", "INVALID_LIMIT"})
  @ProblemResponse(status = 403, codes = "NOT_YOUR_RESERVATIONS")
  @Operation(summary = "Reservations, newest first",
      description = "A requester sees its own, a vendor those for its slots, OPS all. Cursor pagination.")
  public ReservationPageResponse list(Actor actor,
      @RequestParam(required = false) String requesterId,
      @RequestParam(required = false) String vendorId,
      @Parameter(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ReservationState.class))
      @RequestParam(required = false) String state,
      @RequestParam(required = false) String cursor,
      @Parameter(description = "1..100, default 20") @RequestParam(required = false) Integer limit) {
    ReservationPage page = service.list(actor, requesterId, vendorId, stateFilter(state), cursor, limit);
    List<ReservationResponse> items = page.items().stream()
        .map(s -> ReservationResponse.of(new ReservationView(s, List.of()), null)).toList();
    return new ReservationPageResponse(items, page.nextCursor());
  }

  /** Strict: a blank or unknown state is a bad request, not "no filter" (Spring's enum binding would say null). */
  private static ReservationState stateFilter(String state) {
    if (state == null) {
      return null;
    }
    try {
      return ReservationState.valueOf(state);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(ProblemCodes.INVALID_PARAMETER, "state must be one of "
          + java.util.Arrays.toString(ReservationState.values()));
    }
  }

  @PostMapping("/{id}/vendor-decision")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @ProblemResponse(status = 400, codes = {"VALIDATION_FAILED", "MALFORMED_REQUEST", "INVALID_PARAMETER"})
  @ProblemResponse(status = 403, codes = "FORBIDDEN")
  @ProblemResponse(status = 404, codes = "RESERVATION_NOT_FOUND")
  @ProblemResponse(status = 409, codes = "NOT_AWAITING_VENDOR")
  @ProblemResponse(status = 415, codes = "UNSUPPORTED_MEDIA_TYPE")
  @Operation(summary = "The slot's vendor confirms or declines")
  public ResponseEntity<ReservationResponse> decide(Actor actor, @PathVariable UUID id,
      @Valid @RequestBody VendorDecisionRequest request) {
    boolean confirm = request.decision() == VendorDecisionRequest.Decision.CONFIRM;
    return ResponseEntity.accepted().body(
        ReservationResponse.of(service.decide(actor, id.toString(), confirm, request.reason()), actor));
  }

  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 403, codes = "FORBIDDEN")
  @ProblemResponse(status = 404, codes = "RESERVATION_NOT_FOUND")
  @ProblemResponse(status = 409, codes = "RESERVATION_ENDED")
  @Operation(summary = "The requester cancels, before or after confirmation (captured money is refunded)")
  public ResponseEntity<ReservationResponse> cancel(Actor actor, @PathVariable UUID id) {
    return ResponseEntity.accepted().body(ReservationResponse.of(service.cancel(actor, id.toString()), actor));
  }
}
