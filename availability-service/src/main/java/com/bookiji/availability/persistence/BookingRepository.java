package com.bookiji.availability.persistence;

import static com.bookiji.availability.persistence.SlotRepository.instant;
import static com.bookiji.availability.persistence.SlotRepository.ts;

import com.bookiji.availability.application.BookingStore;
import com.bookiji.availability.domain.Booking;
import com.bookiji.availability.domain.BookingStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class BookingRepository implements BookingStore {

  private static final String COLUMNS =
      "id, slot_id, hold_id, reservation_id, status, created_at, cancelled_at";

  private final JdbcClient jdbc;

  public BookingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A second active booking for the slot violates bookings_one_active_per_slot and fails. */
  @Override
  public void insert(Booking booking) {
    jdbc.sql("INSERT INTO bookings (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(booking.id(), booking.slotId(), booking.holdId(), booking.reservationId(),
            booking.status().name(), ts(booking.createdAt()), ts(booking.cancelledAt()))
        .update();
  }

  @Override
  public void cancel(Booking cancelled) {
    int rows = jdbc.sql("""
        UPDATE bookings SET status = 'CANCELLED', cancelled_at = ? WHERE id = ? AND status = 'ACTIVE'""")
        .params(ts(cancelled.cancelledAt()), cancelled.id()).update();
    if (rows != 1) {
      throw new IllegalStateException("booking " + cancelled.id() + " was not active any more");
    }
  }

  @Override
  public Optional<Booking> find(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM bookings WHERE id = ?").param(id)
        .query(BookingRepository::map).optional();
  }

  @Override
  public Optional<Booking> findForUpdate(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM bookings WHERE id = ? FOR UPDATE").param(id)
        .query(BookingRepository::map).optional();
  }

  @Override
  public long countActive() {
    return jdbc.sql("SELECT count(*) FROM bookings WHERE status = 'ACTIVE'").query(Long.class)
        .single();
  }

  static Booking map(ResultSet rs, int row) throws SQLException {
    return new Booking(rs.getObject("id", UUID.class), rs.getObject("slot_id", UUID.class),
        rs.getObject("hold_id", UUID.class), rs.getString("reservation_id"),
        BookingStatus.valueOf(rs.getString("status")), instant(rs, "created_at"),
        instant(rs, "cancelled_at"));
  }
}
