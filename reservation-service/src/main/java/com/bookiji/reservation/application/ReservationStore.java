package com.bookiji.reservation.application;

import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.saga.SagaState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where reservations, their deadlines and timelines live. Every method joins the caller's transaction. */
public interface ReservationStore {

  void insert(SagaState state);

  /** Remembers the trace context the reservation was created in (its saga's trace). */
  void rememberTrace(String id, String traceparent);

  /** The trace context the reservation was created in, if it was remembered. */
  Optional<String> trace(String id);

  /** Loads and locks the reservation row until the transaction ends. */
  Optional<SagaState> lock(String id);

  /** Like {@link #lock} but gives up at once when another transaction holds the row. */
  Optional<SagaState> tryLock(String id);

  Optional<SagaState> find(String id);

  /** Who may read the reservation and its version (one more with every saga step): a conditional read's only query. */
  Optional<ReadStamp> readStamp(String id);

  record ReadStamp(String requesterId, String vendorId, long version) {}

  /**
   * When the oldest outbox row of this reservation with {@code eventType} was written, if one is
   * still there: the relay deletes a row once the broker acknowledged it, so a row still present
   * has not been published.
   */
  Optional<Instant> oldestInOutbox(String reservationId, String eventType);

  void update(SagaState previous, SagaState next);

  void applyDeadlines(String id, Map<DeadlineKind, Instant> set, Set<DeadlineKind> clear);

  void appendTimeline(String id, Instant at, String fromState, String toState, String trigger, String note);

  List<TimelineEntry> timeline(String id, long afterSeq);

  List<SagaState> list(ReservationQuery query);

  /** Reservations with at least one deadline due at {@code now}, earliest first. */
  List<String> withDueDeadlines(Instant now, int limit);

  /** In-flight sagas per state: count and the oldest time a saga entered that state. */
  Map<String, InFlight> inFlight();

  record InFlight(long count, Instant oldestEnteredAt) {}

  /**
   * Serialises one requester's new reservations until the transaction ends, so a limit counted
   * inside it holds under concurrent requests (from any instance).
   */
  void lockRequester(String requesterId);

  /**
   * The requester's reservations that block a slot while no card has been authorized: being held
   * or held, payment not yet authorized; with the earliest deadline among them (when one frees).
   */
  AwaitingPayment awaitingPayment(String requesterId);

  record AwaitingPayment(int count, Instant earliestDeadline) {}

  /** Tells every instance, once this transaction commits, that the reservation changed. */
  void notifyChanged(String id);
}
