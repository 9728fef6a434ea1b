package com.bookiji.reservation.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.ProblemResponse;
import com.bookiji.platform.web.AuthorizationRules;
import com.bookiji.reservation.application.EventStreamTickets;
import com.bookiji.reservation.application.RequestRefused;
import com.bookiji.reservation.application.ReservationChanged;
import com.bookiji.reservation.application.ReservationProperties;
import com.bookiji.reservation.application.ReservationService;
import com.bookiji.reservation.application.ReservationView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * GET /reservations/{id}/events: server-sent events, one {@code reservation} event (the whole
 * reservation, as the subscriber may see it) per change. Pushed when a step commits in any
 * instance ({@link ReservationChanged}, from PostgreSQL notifications): one read per change and
 * reservation, whatever the number of subscribers. Bounded per subscriber and in total; the stream
 * ends after a terminal state.
 */
@RestController
@Tag(name = "reservations")
public class ReservationEventsController {

  private final ReservationService service;
  private final EventStreamTickets tickets;
  private final ReservationProperties.Sse limits;
  /** Subscriptions by reservation id. */
  private final Map<String, Set<Subscription>> byReservation = new ConcurrentHashMap<>();
  private final Map<String, Integer> perSubscriber = new ConcurrentHashMap<>();
  private int total;

  private static final class Subscription {
    final String reservationId;
    final Actor subscriber;
    final SseEmitter emitter;
    long lastSeq;
    final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    Subscription(String reservationId, Actor subscriber, SseEmitter emitter, long lastSeq) {
      this.reservationId = reservationId;
      this.subscriber = subscriber;
      this.emitter = emitter;
      this.lastSeq = lastSeq;
    }
  }

  public ReservationEventsController(ReservationService service, EventStreamTickets tickets,
      ReservationProperties properties) {
    this.service = service;
    this.tickets = tickets;
    this.limits = properties.sse();
  }

  @GetMapping(path = "/reservations/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(summary = "The reservation's changes as server-sent events (event name: reservation)",
      responses = @ApiResponse(responseCode = "200", description = "one `reservation` event (data: the"
          + " Reservation as JSON, id: its timeline position) per change; the stream ends after a terminal state",
          content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(implementation = ReservationResponse.class))))
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 401, codes = "INVALID_TICKET")
  @ProblemResponse(status = 404, codes = "RESERVATION_NOT_FOUND")
  @ProblemResponse(status = 429, codes = {"TOO_MANY_SUBSCRIPTIONS", "SUBSCRIPTIONS_EXHAUSTED"})
  public SseEmitter events(@PathVariable("id") UUID uuid,
      @Parameter(description = "a ticket from POST /reservations/{id}/events/tickets, instead of the"
          + " Authorization header (a browser's EventSource cannot send one)")
      @RequestParam(required = false) String ticket) throws IOException {
    String id = uuid.toString();
    Actor actor = ticket == null ? Actor.current() : tickets.redeem(ticket, id);
    ReservationView view = service.get(actor, id);
    SseEmitter emitter = new SseEmitter(limits.streamTimeout().toMillis());
    long lastSeq = view.timeline().isEmpty() ? 0 : view.timeline().get(view.timeline().size() - 1).seq();
    if (view.state().state().isTerminal()) {
      send(emitter, view, actor, lastSeq);
      emitter.complete();
      return emitter;
    }
    Subscription sub = register(id, actor, emitter, lastSeq);
    emitter.onCompletion(() -> unregister(sub));
    emitter.onTimeout(() -> unregister(sub));
    emitter.onError(e -> unregister(sub));
    synchronized (sub) {
      send(emitter, view, actor, lastSeq);
    }
    // A change that committed between the read above and the registration is not lost.
    deliver(sub);
    return emitter;
  }

  @PostMapping(path = "/reservations/{id}/events/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "A single-use ticket to open the event stream from a browser's EventSource",
      description = "Valid for a minute, for this reservation and this caller, once: "
          + "new EventSource(eventsUrl). No long-lived token ever appears in a URL.")
  @ProblemResponse(status = 400, codes = "INVALID_PARAMETER")
  @ProblemResponse(status = 404, codes = "RESERVATION_NOT_FOUND")
  public EventStreamTicketResponse ticket(Actor actor, @PathVariable("id") UUID uuid) {
    String id = uuid.toString();
    EventStreamTickets.Ticket ticket = tickets.issue(actor, id);
    return new EventStreamTicketResponse(ticket.ticket(), ticket.expiresAt(),
        "/reservations/" + id + "/events?ticket=" + ticket.ticket());
  }

  /** The stream itself may be opened with a ticket instead of a bearer token; the controller checks which. */
  @Bean
  static AuthorizationRules eventStreamsOpenWithTicket() {
    return rules -> rules.requestMatchers(HttpMethod.GET, "/reservations/*/events").permitAll();
  }

  private synchronized Subscription register(String id, Actor actor, SseEmitter emitter, long lastSeq) {
    int mine = perSubscriber.getOrDefault(actor.id(), 0);
    if (mine >= limits.maxPerSubscriber()) {
      throw new RequestRefused(RequestRefused.Kind.TOO_MANY_REQUESTS, "TOO_MANY_SUBSCRIPTIONS",
          "at most " + limits.maxPerSubscriber() + " event streams at once per caller; close one first",
          Duration.ofSeconds(5));
    }
    if (total >= limits.maxSubscriptions()) {
      throw new RequestRefused(RequestRefused.Kind.TOO_MANY_REQUESTS, "SUBSCRIPTIONS_EXHAUSTED",
          "this instance serves its maximum of event streams; poll GET /reservations/{id} or retry",
          Duration.ofSeconds(5));
    }
    Subscription sub = new Subscription(id, actor, emitter, lastSeq);
    byReservation.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(sub);
    perSubscriber.merge(actor.id(), 1, Integer::sum);
    total++;
    return sub;
  }

  private synchronized void unregister(Subscription sub) {
    if (!sub.closed.compareAndSet(false, true)) {
      return;
    }
    Set<Subscription> subs = byReservation.get(sub.reservationId);
    if (subs != null) {
      subs.remove(sub);
      if (subs.isEmpty()) {
        byReservation.remove(sub.reservationId);
      }
    }
    perSubscriber.computeIfPresent(sub.subscriber.id(), (k, n) -> n <= 1 ? null : n - 1);
    total--;
  }

  /** Number of open streams (for tests and the README's bound). */
  public synchronized int openStreams() {
    return total;
  }

  @EventListener
  public void onChange(ReservationChanged change) {
    if (change.reservationId() == null) {
      byReservation.values().forEach(subs -> subs.forEach(this::deliver));
      return;
    }
    Set<Subscription> subs = byReservation.get(change.reservationId());
    if (subs != null) {
      subs.forEach(this::deliver);
    }
  }

  /** Keeps idle streams alive through proxies and finds the ones whose client went away. */
  @Scheduled(fixedDelayString = "${bookiji.reservation.sse.heartbeat-interval:15s}")
  public void heartbeat() {
    byReservation.values().forEach(subs -> subs.forEach(sub -> {
      synchronized (sub) {
        if (sub.closed.get()) {
          return;
        }
        try {
          sub.emitter.send(SseEmitter.event().comment("keep-alive"));
        } catch (IOException | IllegalStateException gone) {
          sub.emitter.completeWithError(gone);
        }
      }
    }));
  }

  private void deliver(Subscription sub) {
    boolean finished = false;
    synchronized (sub) {
      if (sub.closed.get()) {
        return;
      }
      try {
        var changes = service.changesSince(sub.reservationId, sub.lastSeq);
        if (changes.isEmpty() || changes.get().timeline().isEmpty()) {
          return;
        }
        List<com.bookiji.reservation.application.TimelineEntry> lines = changes.get().timeline();
        long seq = lines.get(lines.size() - 1).seq();
        ReservationView full = service.changesSince(sub.reservationId, 0).orElseThrow();
        send(sub.emitter, full, sub.subscriber, seq);
        sub.lastSeq = seq;
        finished = full.state().state().isTerminal();
      } catch (IOException | RuntimeException e) {
        sub.emitter.completeWithError(e);
        return;
      }
    }
    if (finished) {
      sub.emitter.complete();
    }
  }

  private static void send(SseEmitter emitter, ReservationView view, Actor subscriber, long seq)
      throws IOException {
    emitter.send(SseEmitter.event().name("reservation").id(Long.toString(seq))
        .data(ReservationResponse.of(view, subscriber), MediaType.APPLICATION_JSON));
  }
}
