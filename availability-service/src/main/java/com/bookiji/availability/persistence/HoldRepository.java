package com.bookiji.availability.persistence;

import static com.bookiji.availability.persistence.SlotRepository.instant;
import static com.bookiji.availability.persistence.SlotRepository.ts;

import com.bookiji.availability.application.HoldStore;
import com.bookiji.availability.domain.CommitRejectionReason;
import com.bookiji.availability.domain.Hold;
import com.bookiji.availability.domain.HoldStatus;
import com.bookiji.availability.domain.Money;
import com.bookiji.availability.domain.TimeRange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class HoldRepository implements HoldStore {

  private static final String COLUMNS = """
      id, slot_id, reservation_id, requester_id, status, created_at, expires_at, slot_version,
      vendor_id, price_amount_minor, currency, slot_starts_at, slot_ends_at, booking_id,
      commit_rejection, decided_at, correlation_id, cause_event_id, traceparent""";

  private final JdbcClient jdbc;

  public HoldRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Inserts the hold unless the slot already has a live (ACTIVE or COMMITTED) hold. The partial
   * unique index decides, atomically across transactions and service instances: a concurrent
   * uncommitted insert for the same slot makes this statement wait for that transaction, then
   * do nothing if it committed. No exception, so the surrounding transaction stays usable.
   *
   * @return true when this hold now owns the slot
   */
  @Override
  public boolean insertIfSlotFree(Hold hold, Origin origin) {
    return jdbc.sql("""
        INSERT INTO holds (id, slot_id, reservation_id, requester_id, status, slot_version,
                           vendor_id, price_amount_minor, currency, slot_starts_at, slot_ends_at,
                           created_at, expires_at, correlation_id, cause_event_id, traceparent)
        VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (slot_id) WHERE status IN ('ACTIVE', 'COMMITTED') DO NOTHING""")
        .params(hold.id(), hold.slotId(), hold.reservationId(), hold.requesterId(),
            hold.slotVersion(), hold.vendorId(), hold.price().amountMinor(),
            hold.price().currency(), ts(hold.slotTime().startsAt()), ts(hold.slotTime().endsAt()),
            ts(hold.createdAt()), ts(hold.expiresAt()), origin.correlationId(),
            origin.causationId(), origin.traceparent())
        .update() == 1;
  }

  /**
   * Writes a transition decided on {@code from}'s status. The status guard makes a transition
   * decided on a stale copy fail loudly instead of overwriting a newer decision.
   */
  @Override
  public void transition(HoldStatus from, Hold to) {
    int rows = jdbc.sql("""
        UPDATE holds SET status = ?, decided_at = ?, booking_id = ?, commit_rejection = ?
         WHERE id = ? AND status = ?""")
        .params(to.status().name(), ts(to.decidedAt()), to.bookingId(),
            to.commitRejection() == null ? null : to.commitRejection().name(), to.id(),
            from.name())
        .update();
    if (rows != 1) {
      throw new IllegalStateException("hold " + to.id() + " was not " + from + " any more");
    }
  }

  @Override
  public Optional<Hold> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM holds WHERE id = ?").param(id)
        .query(HoldRepository::mapHold).optional();
  }

  /** Row lock: commit, release and expiry of one hold serialise on it. */
  @Override
  public Optional<Hold> findForUpdate(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM holds WHERE id = ? FOR UPDATE").param(id)
        .query(HoldRepository::mapHold).optional();
  }

  @Override
  public Optional<Hold> findByReservationForUpdate(String reservationId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM holds WHERE reservation_id = ? FOR UPDATE")
        .param(reservationId).query(HoldRepository::mapHold).optional();
  }

  /**
   * Due holds, oldest deadline first, locked for this transaction. SKIP LOCKED lets every service
   * instance run expiry at the same time on disjoint holds, and never waits behind a commit or a
   * release that holds the row.
   */
  @Override
  public List<HoldWithOrigin> lockDue(Instant now, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM holds WHERE status = 'ACTIVE' AND expires_at <= ?"
            + " ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED")
        .params(ts(now), limit).query(HoldRepository::mapWithOrigin).list();
  }

  /** The due active hold on one slot, if any and not locked by someone else. */
  @Override
  public Optional<HoldWithOrigin> lockDueOnSlot(UUID slotId, Instant now) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM holds WHERE slot_id = ? AND status = 'ACTIVE'"
            + " AND expires_at <= ? FOR UPDATE SKIP LOCKED")
        .params(slotId, ts(now)).query(HoldRepository::mapWithOrigin).optional();
  }

  @Override
  public Origin originOf(UUID holdId) {
    return jdbc.sql("SELECT correlation_id, cause_event_id, traceparent FROM holds WHERE id = ?")
        .param(holdId).query((rs, i) -> origin(rs)).single();
  }

  @Override
  public long countActive() {
    return jdbc.sql("SELECT count(*) FROM holds WHERE status = 'ACTIVE'").query(Long.class)
        .single();
  }

  /** Active holds still not expired {@code grace} after their TTL: the "stuck hold" alarm. */
  @Override
  public long countActiveDueBefore(Instant threshold) {
    return jdbc.sql("SELECT count(*) FROM holds WHERE status = 'ACTIVE' AND expires_at < ?")
        .param(ts(threshold)).query(Long.class).single();
  }

  static Hold mapHold(ResultSet rs, int row) throws SQLException {
    String rejection = rs.getString("commit_rejection");
    return new Hold(rs.getObject("id", UUID.class), rs.getObject("slot_id", UUID.class),
        rs.getString("reservation_id"), rs.getString("requester_id"),
        HoldStatus.valueOf(rs.getString("status")), instant(rs, "created_at"),
        instant(rs, "expires_at"), rs.getInt("slot_version"), rs.getString("vendor_id"),
        new Money(rs.getLong("price_amount_minor"), rs.getString("currency")),
        new TimeRange(instant(rs, "slot_starts_at"), instant(rs, "slot_ends_at")),
        rs.getObject("booking_id", UUID.class),
        rejection == null ? null : CommitRejectionReason.valueOf(rejection),
        instant(rs, "decided_at"));
  }

  static HoldWithOrigin mapWithOrigin(ResultSet rs, int row) throws SQLException {
    return new HoldWithOrigin(mapHold(rs, row), origin(rs));
  }

  private static Origin origin(ResultSet rs) throws SQLException {
    return new Origin(rs.getString("correlation_id"), rs.getString("cause_event_id"),
        rs.getString("traceparent"));
  }
}
