package com.bookiji.reservation.persistence;

import com.bookiji.reservation.application.EventStreamTicketStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcEventStreamTicketStore implements EventStreamTicketStore {

  private final NamedParameterJdbcTemplate jdbc;

  public JdbcEventStreamTicketStore(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void save(String ticketHash, String reservationId, String actorId, String actorRole, Instant expiresAt) {
    jdbc.update("""
        INSERT INTO event_stream_tickets (ticket_hash, reservation_id, actor_id, actor_role, expires_at)
        VALUES (:hash, :reservation, :actor, :role, :expires)""",
        new MapSqlParameterSource("hash", ticketHash).addValue("reservation", reservationId)
            .addValue("actor", actorId).addValue("role", actorRole).addValue("expires", Timestamp.from(expiresAt)));
  }

  @Override
  public Optional<Issued> take(String ticketHash, String reservationId) {
    return jdbc.query("""
        DELETE FROM event_stream_tickets WHERE ticket_hash = :hash AND reservation_id = :reservation
        RETURNING actor_id, actor_role, expires_at""",
        new MapSqlParameterSource("hash", ticketHash).addValue("reservation", reservationId),
        (rs, n) -> new Issued(rs.getString("actor_id"), rs.getString("actor_role"),
            rs.getTimestamp("expires_at").toInstant())).stream().findFirst();
  }

  @Override
  public int purgeExpired(Instant now) {
    return jdbc.update("DELETE FROM event_stream_tickets WHERE expires_at <= :now",
        new MapSqlParameterSource("now", Timestamp.from(now)));
  }
}
