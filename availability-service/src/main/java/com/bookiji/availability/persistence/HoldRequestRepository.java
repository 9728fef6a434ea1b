package com.bookiji.availability.persistence;

import static com.bookiji.availability.persistence.SlotRepository.instant;
import static com.bookiji.availability.persistence.SlotRepository.ts;

import com.bookiji.availability.domain.HoldRejectionReason;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One HoldSlot decision per reservation: the memory behind "same command, same answer". */
@Repository
public class HoldRequestRepository {

  public enum Outcome { PENDING, HELD, REJECTED }

  public record Decision(String reservationId, String slotId, Outcome outcome, UUID holdId,
      HoldRejectionReason rejectionReason, String rejectionDetail, Instant decidedAt) {}

  private final JdbcClient jdbc;

  public HoldRequestRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Claims the reservation's decision for this transaction. A concurrent claim for the same
   * reservation waits on the primary key until this transaction ends, then finds the decision.
   *
   * @return false when the reservation was already decided (read it with {@link #find})
   */
  public boolean claim(String reservationId, String slotId, Instant now) {
    return jdbc.sql("""
        INSERT INTO hold_requests (reservation_id, slot_id, outcome, decided_at)
        VALUES (?, ?, 'PENDING', ?) ON CONFLICT (reservation_id) DO NOTHING""")
        .params(reservationId, slotId, ts(now)).update() == 1;
  }

  public void decideHeld(String reservationId, UUID holdId) {
    jdbc.sql("UPDATE hold_requests SET outcome = 'HELD', hold_id = ? WHERE reservation_id = ?")
        .params(holdId, reservationId).update();
  }

  public void decideRejected(String reservationId, HoldRejectionReason reason, String detail) {
    jdbc.sql("""
        UPDATE hold_requests SET outcome = 'REJECTED', rejection_reason = ?, rejection_detail = ?
         WHERE reservation_id = ?""")
        .params(reason.name(), detail, reservationId).update();
  }

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
