package com.bookiji.reservation.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import com.bookiji.reservation.application.ReservationView;
import com.bookiji.reservation.application.TimelineEntry;
import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.saga.SagaState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A reservation as frontends see it. */
@Schema(name = "Reservation")
public record ReservationResponse(
    String id,
    String slotId,
    String requesterId,
    @Schema(description = "known once the slot is held") String vendorId,
    @Schema(description = "saga state; non-terminal states name what is pending") String state,
    boolean terminal,
    @Schema(description = "why the reservation ended (terminal states)") String outcomeDetail,
    Money amount,
    SlotTime slot,
    @Schema(description = "PENDING, CONFIRMED or DECLINED") String vendorDecision,
    Payment payment,
    @Schema(description = "active deadlines by kind (e.g. VENDOR_DECISION, PAYMENT_AUTHORIZATION)")
    Map<String, Instant> deadlines,
    Instant createdAt,
    Instant updatedAt,
    List<TimelineLine> timeline,
    Links links) {

  public record Money(long amountMinor, String currency) {}

  public record SlotTime(Instant startsAt, Instant endsAt) {}

  public record Payment(String status,
      @Schema(description = "for the requester's frontend to confirm the card; only in the requester's own view"
          + " of one reservation, and only while authorization is awaited")
      String clientSecret) {}

  public record TimelineLine(long seq, Instant at, String fromState, String toState, String trigger, String note) {}

  public record Links(String self, String events) {}

  /**
   * The reservation as {@code viewer} may see it. The payment's client secret lets its holder
   * confirm the card: only the requester gets it, and only in a view of this one reservation
   * ({@code viewer} null — lists — never).
   */
  static ReservationResponse of(ReservationView view, Actor viewer) {
    SagaState s = view.state();
    boolean awaitingCard = s.state() == ReservationState.AWAITING_CONFIRMATIONS
        && s.payment() == PaymentStatus.STARTED
        && viewer != null && viewer.role() == Role.REQUESTER && viewer.id().equals(s.requesterId());
    Map<String, Instant> deadlines = new TreeMap<>();
    s.deadlines().forEach((k, v) -> deadlines.put(k.name(), v));
    String self = "/reservations/" + s.reservationId();
    return new ReservationResponse(s.reservationId(), s.slotId(), s.requesterId(), s.vendorId(),
        s.state().name(), s.state().isTerminal(), s.outcomeDetail(),
        s.amountMinor() == null ? null : new Money(s.amountMinor(), s.currency()),
        s.slotStartsAt() == null ? null : new SlotTime(s.slotStartsAt(), s.slotEndsAt()),
        s.vendorDecision().name(),
        new Payment(s.payment().name(), awaitingCard ? s.clientSecret() : null),
        deadlines, s.createdAt(), s.updatedAt(),
        view.timeline().stream().map(ReservationResponse::line).toList(),
        new Links(self, self + "/events"));
  }

  static TimelineLine line(TimelineEntry e) {
    return new TimelineLine(e.seq(), e.at(), e.fromState(), e.toState(), e.trigger(), e.note());
  }
}
