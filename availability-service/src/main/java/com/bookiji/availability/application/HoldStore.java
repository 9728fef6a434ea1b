package com.bookiji.availability.application;

import com.bookiji.availability.domain.Hold;
import com.bookiji.availability.domain.HoldStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where holds live, with the message context they were placed in. Every method joins the caller's transaction. */
public interface HoldStore {

  /** Where the hold came from: the messages it causes later (expiry) continue that saga/trace. */
  record Origin(String correlationId, String causationId, String traceparent) {}

  record HoldWithOrigin(Hold hold, Origin origin) {}

  /**
   * Inserts the hold unless the slot already has a live (ACTIVE or COMMITTED) hold, atomically
   * across transactions and service instances: a concurrent uncommitted insert for the same slot
   * makes this wait for that transaction, then insert nothing if it committed. Never throws for a
   * taken slot, so the surrounding transaction stays usable.
   *
   * @return true when this hold now owns the slot
   */
  boolean insertIfSlotFree(Hold hold, Origin origin);

  /**
   * Writes a transition decided on {@code from}'s status; fails loudly (IllegalStateException)
   * when the stored hold is no longer {@code from}, instead of overwriting a newer decision.
   */
  void transition(HoldStatus from, Hold to);

  Optional<Hold> find(UUID id);

  /** Row lock until the transaction ends: commit, release and expiry of one hold serialise on it. */
  Optional<Hold> findForUpdate(UUID id);

  Optional<Hold> findByReservationForUpdate(String reservationId);

  /**
   * Due active holds, oldest deadline first, locked for this transaction; holds locked by another
   * transaction are skipped, so every instance can expire at once on disjoint holds.
   */
  List<HoldWithOrigin> lockDue(Instant now, int limit);

  /** The due active hold on one slot, if any and not locked by another transaction. */
  Optional<HoldWithOrigin> lockDueOnSlot(UUID slotId, Instant now);

  Origin originOf(UUID holdId);

  long countActive();

  /** Active holds whose TTL ended before {@code threshold}: the "stuck hold" alarm. */
  long countActiveDueBefore(Instant threshold);
}
