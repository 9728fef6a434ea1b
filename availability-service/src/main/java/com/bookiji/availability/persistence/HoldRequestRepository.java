package com.bookiji.availability.persistence;

import static com.bookiji.availability.persistence.SlotRepository.instant;
import static com.bookiji.availability.persistence.SlotRepository.ts;

import com.bookiji.availability.application.HoldRequestStore;
import com.bookiji.availability.domain.HoldRejectionReason;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One HoldSlot decision per reservation: the memory behind "same command, same answer". */
@Repository
public class HoldRequestRepository implements HoldRequestStore {

  private final JdbcClient jdbc;

  public HoldRequestRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the reservation's decision. The primary key makes a second, concurrent decision for
   * the same reservation (two instances handling the same command during a rebalance) wait for
   * the first and then insert nothing.
   *
   * @return false when another transaction decided this reservation first: the caller must roll
   *     back its effects and let the redelivery repeat that decision
   */
  @Override
  public boolean record(String reservationId, String slotId, Outcome outcome, UUID holdId,
      HoldRejectionReason reason, String detail, Instant now) {
    return jdbc.sql("""
        INSERT INTO hold_requests (reservation_id, slot_id, outcome, hold_id, rejection_reason,
                                   rejection_detail, decided_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reservation_id) DO NOTHING""")
        .params(reservationId, slotId, outcome.name(), holdId,
            reason == null ? null : reason.name(), detail, ts(now))
        .update() == 1;
  }

  @Override
  public Optional<Decision> find(String reservationId) {
    return jdbc.sql("""
        SELECT reservation_id, slot_id, outcome, hold_id, rejection_reason, rejection_detail,
               decided_at
          FROM hold_requests WHERE reservation_id = ?""")
        .param(reservationId)
        .query((rs, i) -> {
          String reason = rs.getString("rejection_reason");
          return new Decision(rs.getString("reservation_id"), rs.getString("slot_id"),
              Outcome.valueOf(rs.getString("outcome")), rs.getObject("hold_id", UUID.class),
              reason == null ? null : HoldRejectionReason.valueOf(reason),
              rs.getString("rejection_detail"), instant(rs, "decided_at"));
        })
        .optional();
  }
}
