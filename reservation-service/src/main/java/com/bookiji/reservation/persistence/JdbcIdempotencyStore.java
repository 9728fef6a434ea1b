package com.bookiji.reservation.persistence;

import com.bookiji.reservation.application.IdempotencyStore;
import com.bookiji.reservation.application.StoredResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcIdempotencyStore implements IdempotencyStore {

  private final NamedParameterJdbcTemplate jdbc;

  public JdbcIdempotencyStore(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A transaction-scoped advisory lock on the (caller, key) pair: it is held until the request's
   * transaction commits, so a concurrent duplicate sees "in use" instead of creating a second
   * reservation, and a crash releases it with the connection.
   */
  @Override
  public boolean tryLock(String caller, String key) {
    Boolean locked = jdbc.queryForObject(
        "SELECT pg_try_advisory_xact_lock(hashtextextended(:k, 7283))",
        new MapSqlParameterSource("k", caller.length() + ":" + caller + ":" + key), Boolean.class);
    return Boolean.TRUE.equals(locked);
  }

  @Override
  public Optional<Record> find(String caller, String key, Instant now) {
    List<Record> rows = jdbc.query("""
        SELECT request_hash, response_status, response_body, reservation_id FROM idempotency_keys
        WHERE caller = :caller AND idempotency_key = :key AND expires_at > :now""",
        new MapSqlParameterSource("caller", caller).addValue("key", key).addValue("now", Timestamp.from(now)),
        (rs, n) -> new Record(rs.getString("request_hash"), new StoredResponse(rs.getInt("response_status"),
            rs.getString("response_body"), rs.getString("reservation_id"))));
    return rows.stream().findFirst();
  }

  @Override
  public void save(String caller, String key, String requestHash, StoredResponse response, Instant now,
      Instant expiresAt) {
    // An expired record of the same key may still be there: the key is free again, replace it.
    jdbc.update("""
        INSERT INTO idempotency_keys (caller, idempotency_key, request_hash, response_status, response_body,
          reservation_id, created_at, expires_at)
        VALUES (:caller, :key, :hash, :status, :body, :reservation, :now, :expires)
        ON CONFLICT (caller, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
          response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
          reservation_id = EXCLUDED.reservation_id, created_at = EXCLUDED.created_at,
          expires_at = EXCLUDED.expires_at""",
        new MapSqlParameterSource("caller", caller).addValue("key", key).addValue("hash", requestHash)
            .addValue("status", response.status()).addValue("body", response.body())
            .addValue("reservation", response.reservationId()).addValue("now", Timestamp.from(now))
            .addValue("expires", Timestamp.from(expiresAt)));
  }

  @Override
  public int purgeExpired(Instant now) {
    return jdbc.update("DELETE FROM idempotency_keys WHERE expires_at <= :now",
        new MapSqlParameterSource("now", Timestamp.from(now)));
  }
}
