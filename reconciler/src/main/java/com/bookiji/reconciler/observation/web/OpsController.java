package com.bookiji.reconciler.observation.web;

import com.bookiji.platform.web.ApiProblem;
import com.bookiji.reconciler.observation.application.Observations;
import com.bookiji.reconciler.observation.domain.ObservationSummary;
import com.bookiji.reconciler.observation.domain.ObservedMessage;
import com.bookiji.reconciler.observation.domain.ReservationLifecycle;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** On-call questions about what the reconciler has observed. Needs the OPS role. */
@RestController
@RequestMapping("/ops")
public class OpsController {

  private final Observations observations;

  public OpsController(Observations observations) {
    this.observations = observations;
  }

  /** Every message of one reservation, across all topics, in the order things happened. */
  @GetMapping("/reservations/{reservationId}/lifecycle")
  public LifecycleView lifecycle(@PathVariable String reservationId) {
    ReservationLifecycle lifecycle = observations.lifecycle(reservationId);
    if (!lifecycle.observed()) {
      throw ApiProblem.notFound("RESERVATION_NOT_OBSERVED",
          "no message of reservation " + reservationId + " has been observed");
    }
    return new LifecycleView(reservationId, lifecycle.messages().stream().map(MessageView::of).toList());
  }

  /** Counts of observed messages by event type. */
  @GetMapping("/summary")
  public ObservationSummary summary() {
    return observations.summary();
  }

  public record LifecycleView(String reservationId, List<MessageView> messages) {}

  public record MessageView(
      Instant occurredAt,
      Instant observedAt,
      String topic,
      int partition,
      long offset,
      String key,
      String eventType,
      String eventId,
      Map<String, String> headers,
      @JsonRawValue String payload) {

    static MessageView of(ObservedMessage m) {
      return new MessageView(m.occurredAt(), m.observedAt(), m.topic(), m.partition(), m.offset(), m.key(),
          m.eventType(), m.eventId().toString(), m.headers(), m.payloadJson());
    }
  }
}
