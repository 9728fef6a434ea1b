package com.bookiji.reservation.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.reservation.application.ReservationService;
import com.bookiji.reservation.application.ReservationView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * GET /reservations/{id}/events: server-sent events, one {@code reservation} event (the whole
 * reservation) per timeline line. Fed by polling the timeline table, so it sees changes made by
 * any instance of the service; the stream ends after a terminal state.
 */
@RestController
@Tag(name = "reservations")
public class ReservationEventsController {

  private final ReservationService service;
  private final Map<SseEmitter, Subscription> subscriptions = new ConcurrentHashMap<>();

  private static final class Subscription {
    final String reservationId;
    final Actor subscriber;
    volatile long lastSeq;

    Subscription(String reservationId, Actor subscriber, long lastSeq) {
      this.reservationId = reservationId;
      this.subscriber = subscriber;
      this.lastSeq = lastSeq;
    }
  }

  public ReservationEventsController(ReservationService service) {
    this.service = service;
  }

  @GetMapping(path = "/reservations/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(summary = "The reservation's changes as server-sent events (event name: reservation)")
  public SseEmitter events(Actor actor, @PathVariable("id") UUID uuid) throws IOException {
    String id = uuid.toString();
    ReservationView view = service.get(actor, id);
    SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
    long lastSeq = view.timeline().isEmpty() ? 0 : view.timeline().get(view.timeline().size() - 1).seq();
    send(emitter, view, actor, lastSeq);
    if (view.state().state().isTerminal()) {
      emitter.complete();
      return emitter;
    }
    subscriptions.put(emitter, new Subscription(id, actor, lastSeq));
    emitter.onCompletion(() -> subscriptions.remove(emitter));
    emitter.onTimeout(() -> subscriptions.remove(emitter));
    emitter.onError(e -> subscriptions.remove(emitter));
    return emitter;
  }

  @Scheduled(fixedDelayString = "${bookiji.reservation.sse-poll-interval:500ms}")
  public void push() {
    subscriptions.forEach((emitter, sub) -> {
      try {
        service.changesSince(sub.reservationId, sub.lastSeq).ifPresent(changes -> {
          List<com.bookiji.reservation.application.TimelineEntry> lines = changes.timeline();
          if (lines.isEmpty()) {
            return;
          }
          long seq = lines.get(lines.size() - 1).seq();
          ReservationView full = new ReservationView(changes.state(),
              service.changesSince(sub.reservationId, 0).map(ReservationView::timeline).orElse(List.of()));
          try {
            send(emitter, full, sub.subscriber, seq);
            sub.lastSeq = seq;
            if (changes.state().state().isTerminal()) {
              subscriptions.remove(emitter);
              emitter.complete();
            }
          } catch (IOException | IllegalStateException e) {
            subscriptions.remove(emitter);
          }
        });
      } catch (RuntimeException e) {
        subscriptions.remove(emitter);
        emitter.completeWithError(e);
      }
    });
  }

  private static void send(SseEmitter emitter, ReservationView view, Actor subscriber, long seq)
      throws IOException {
    emitter.send(SseEmitter.event().name("reservation").id(Long.toString(seq))
        .data(ReservationResponse.of(view, subscriber), MediaType.APPLICATION_JSON));
  }
}
