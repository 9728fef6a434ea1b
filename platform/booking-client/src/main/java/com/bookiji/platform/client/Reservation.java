package com.bookiji.platform.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reservation as reservation-service answers it ({@code Reservation} in its openapi.json; the field
 * names are the API's, checked against that file by {@code ApiFieldNamesTest}).
 *
 * @param terminal the API's own flag: the reservation ended and will not change any more
 * @param outcomeDetail why it ended (terminal states only)
 * @param vendorDecision PENDING, CONFIRMED or DECLINED
 * @param deadlines active deadlines by kind (e.g. VENDOR_DECISION)
 */
public record Reservation(
    String id,
    String slotId,
    String requesterId,
    String vendorId,
    String state,
    boolean terminal,
    String outcomeDetail,
    Money amount,
    SlotTime slot,
    String vendorDecision,
    Payment payment,
    Map<String, Instant> deadlines,
    Instant createdAt,
    Instant updatedAt,
    List<TimelineLine> timeline,
    Links links) {

  public Reservation {
    deadlines = deadlines == null ? Map.of() : Map.copyOf(deadlines);
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
  }

  public record Money(long amountMinor, String currency) {}

  public record SlotTime(Instant startsAt, Instant endsAt) {}

  /** {@code clientSecret} only in the requester's own view, and only while the card is awaited. */
  public record Payment(String status, String clientSecret) {}

  public record TimelineLine(long seq, Instant at, String fromState, String toState, String trigger, String note) {}

  public record Links(String self, String events) {}

  /** The secret the requester's frontend confirms the card with, while the payment waits for it. */
  public Optional<String> clientSecret() {
    return Optional.ofNullable(payment).map(Payment::clientSecret).filter(s -> !s.isEmpty());
  }

  /** The line of the timeline that entered {@code toState}, if the reservation went through it. */
  public Optional<TimelineLine> entered(String toState) {
    return timeline.stream().filter(line -> toState.equals(line.toState())).findFirst();
  }
}
