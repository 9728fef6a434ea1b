package com.bookiji.availability.application;

import com.bookiji.availability.domain.HoldRejectionReason;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One HoldSlot decision per reservation: the memory behind "same command, same answer". Every
 * method joins the caller's transaction.
 */
public interface HoldRequestStore {

  enum Outcome { HELD, REJECTED }

  record Decision(String reservationId, String slotId, Outcome outcome, UUID holdId,
      HoldRejectionReason rejectionReason, String rejectionDetail, Instant decidedAt) {}

  /**
   * Records the reservation's decision. A second, concurrent decision for the same reservation
   * (two instances handling the same command during a rebalance) waits for the first and then
   * records nothing.
   *
   * @return false when another transaction decided this reservation first: the caller must roll
   *     back its effects and let the redelivery repeat that decision
   */
  boolean record(String reservationId, String slotId, Outcome outcome, UUID holdId,
      HoldRejectionReason reason, String detail, Instant now);

  Optional<Decision> find(String reservationId);
}
