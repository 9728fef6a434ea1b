package com.bookiji.availability.persistence;

import com.bookiji.availability.application.SlotStore;
import com.bookiji.availability.application.SlotView;
import com.bookiji.availability.domain.DomainViolation;
import com.bookiji.availability.domain.HoldStatus;
import com.bookiji.availability.domain.Money;
import com.bookiji.availability.domain.Slot;
import com.bookiji.availability.domain.SlotState;
import com.bookiji.availability.domain.TimeRange;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SlotRepository implements SlotStore {

  /** PostgreSQL's SQLSTATE for a violated exclusion constraint. */
  static final String EXCLUSION_VIOLATION = "23P01";

  private static final String COLUMNS = """
      s.id, s.vendor_id, s.starts_at, s.ends_at, s.time_zone, s.price_amount_minor, s.currency,
      s.blocked, s.deleted_at, s.version""";

  private final JdbcClient jdbc;

  public SlotRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** @throws DomainViolation SLOT_OVERLAP when the database's exclusion constraint refuses it */
  @Override
  public void insert(Slot slot, Instant now) {
    try {
      jdbc.sql("""
          INSERT INTO slots (id, vendor_id, starts_at, ends_at, time_zone, price_amount_minor,
                             currency, blocked, version, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(slot.id(), slot.vendorId(), ts(slot.time().startsAt()),
              ts(slot.time().endsAt()), slot.timeZone().getId(), slot.price().amountMinor(),
              slot.price().currency(), slot.blocked(), slot.version(), ts(now), ts(now))
          .update();
    } catch (DataIntegrityViolationException e) {
      throw translateOverlap(e);
    }
  }

  /** Writes a changed slot (times, price, block flag, deletion). */
  @Override
  public void update(Slot slot, Instant now) {
    try {
      jdbc.sql("""
          UPDATE slots SET starts_at = ?, ends_at = ?, time_zone = ?, price_amount_minor = ?,
                 currency = ?, blocked = ?, deleted_at = CASE WHEN ? THEN coalesce(deleted_at, ?)
                 ELSE NULL END, version = ?, updated_at = ?
           WHERE id = ?""")
          .params(ts(slot.time().startsAt()), ts(slot.time().endsAt()), slot.timeZone().getId(),
              slot.price().amountMinor(), slot.price().currency(), slot.blocked(), slot.deleted(),
              ts(now), slot.version(), ts(now), slot.id())
          .update();
    } catch (DataIntegrityViolationException e) {
      throw translateOverlap(e);
    }
  }

  @Override
  public Optional<Slot> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM slots s WHERE s.id = ?").param(id)
        .query(SlotRepository::mapSlot).optional();
  }

  /**
   * Shared lock: many holds may read the slot at once, but a vendor's change (which takes
   * {@link #findForUpdate}) waits for them, and they for it — so a change never slips between a
   * hold's check of the slot and its insert.
   */
  @Override
  public Optional<Slot> findForShare(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM slots s WHERE s.id = ? FOR SHARE").param(id)
        .query(SlotRepository::mapSlot).optional();
  }

  @Override
  public Optional<Slot> findForUpdate(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM slots s WHERE s.id = ? FOR UPDATE").param(id)
        .query(SlotRepository::mapSlot).optional();
  }

  /** The status of the slot's live (ACTIVE or COMMITTED) hold; null when it has none. */
  @Override
  public HoldStatus liveHoldStatus(UUID slotId) {
    return jdbc.sql("""
        SELECT status FROM holds WHERE slot_id = ? AND status IN ('ACTIVE', 'COMMITTED')""")
        .param(slotId).query(String.class).optional().map(HoldStatus::valueOf).orElse(null);
  }

  @Override
  public Optional<SlotView> view(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + ", h.status AS hold_status, h.expires_at AS held_until"
            + " FROM slots s LEFT JOIN holds h ON h.slot_id = s.id"
            + " AND h.status IN ('ACTIVE', 'COMMITTED') WHERE s.id = ? AND s.deleted_at IS NULL")
        .param(id).query(SlotRepository::mapView).optional();
  }

  /** A vendor's live slots that overlap [from, to), in start order. */
  @Override
  public List<SlotView> listByVendor(String vendorId, Instant from, Instant to, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + ", h.status AS hold_status, h.expires_at AS held_until"
            + " FROM slots s LEFT JOIN holds h ON h.slot_id = s.id"
            + " AND h.status IN ('ACTIVE', 'COMMITTED')"
            + " WHERE s.vendor_id = ? AND s.deleted_at IS NULL AND s.starts_at < ? AND s.ends_at > ?"
            + " ORDER BY s.starts_at LIMIT ?")
        .params(vendorId, ts(to), ts(from), limit).query(SlotRepository::mapView).list();
  }

  private static RuntimeException translateOverlap(DataIntegrityViolationException e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof SQLException sql && EXCLUSION_VIOLATION.equals(sql.getSQLState())) {
        return new DomainViolation("SLOT_OVERLAP",
            "the slot overlaps another of this vendor's slots");
      }
      t = t.getCause();
    }
    return e;
  }

  static Slot mapSlot(ResultSet rs, int row) throws SQLException {
    return new Slot(rs.getObject("id", UUID.class), rs.getString("vendor_id"),
        new TimeRange(instant(rs, "starts_at"), instant(rs, "ends_at")),
        ZoneId.of(rs.getString("time_zone")),
        new Money(rs.getLong("price_amount_minor"), rs.getString("currency")),
        rs.getBoolean("blocked"), rs.getTimestamp("deleted_at") != null, rs.getInt("version"));
  }

  static SlotView mapView(ResultSet rs, int row) throws SQLException {
    Slot slot = mapSlot(rs, row);
    String status = rs.getString("hold_status");
    HoldStatus live = status == null ? null : HoldStatus.valueOf(status);
    Instant heldUntil = live == HoldStatus.ACTIVE ? instant(rs, "held_until") : null;
    return new SlotView(slot, SlotState.of(slot.blocked(), live), heldUntil);
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
