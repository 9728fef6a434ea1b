package com.bookiji.reconciler.console.persistence;

import com.bookiji.reconciler.console.application.ReplayLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code dead_letter_replays}: one row per attempt; a partial unique index lets one attempt send. */
@Repository
public class JdbcReplayLog implements ReplayLog {

  private final JdbcClient jdbc;

  public JdbcReplayLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Long> claim(String topic, int partition, long offset, String eventType, String reservationId,
      String requestedBy, Instant at) {
    return jdbc.sql("""
            insert into dead_letter_replays (dlt_topic, dlt_partition, dlt_offset, event_type, reservation_id,
                requested_by, requested_at, outcome)
            values (:topic, :partition, :offset, :eventType, :reservationId, :by, :at, 'SENDING')
            on conflict do nothing returning id""")
        .param("topic", topic).param("partition", partition).param("offset", offset)
        .param("eventType", eventType).param("reservationId", reservationId)
        .param("by", requestedBy).param("at", Timestamp.from(at))
        .query(Long.class).optional();
  }

  @Override
  public void finish(long id, Outcome outcome, String reason, String replayedTo) {
    jdbc.sql("update dead_letter_replays set outcome = :outcome, reason = :reason, replayed_to = :to where id = :id")
        .param("outcome", outcome.name()).param("reason", reason).param("to", replayedTo).param("id", id)
        .update();
  }

  @Override
  public void refused(String topic, int partition, long offset, String eventType, String reservationId,
      String requestedBy, Instant at, String reason) {
    jdbc.sql("""
            insert into dead_letter_replays (dlt_topic, dlt_partition, dlt_offset, event_type, reservation_id,
                requested_by, requested_at, outcome, reason)
            values (:topic, :partition, :offset, :eventType, :reservationId, :by, :at, 'REFUSED', :reason)""")
        .param("topic", topic).param("partition", partition).param("offset", offset)
        .param("eventType", eventType).param("reservationId", reservationId)
        .param("by", requestedBy).param("at", Timestamp.from(at)).param("reason", reason)
        .update();
  }

  @Override
  public boolean replayed(String topic, int partition, long offset) {
    return jdbc.sql("""
            select count(*) from dead_letter_replays where dlt_topic = :topic and dlt_partition = :partition
            and dlt_offset = :offset and outcome in ('SENDING', 'REPLAYED')""")
        .param("topic", topic).param("partition", partition).param("offset", offset)
        .query(Long.class).single() > 0;
  }

  @Override
  public List<Entry> of(String topic, int partition, long offset) {
    return jdbc.sql("""
            select * from dead_letter_replays where dlt_topic = :topic and dlt_partition = :partition
            and dlt_offset = :offset order by id""")
        .param("topic", topic).param("partition", partition).param("offset", offset)
        .query(JdbcReplayLog::row).list();
  }

  @Override
  public List<Entry> recent(int limit) {
    return jdbc.sql("select * from dead_letter_replays order by id desc limit :limit")
        .param("limit", limit).query(JdbcReplayLog::row).list();
  }

  private static Entry row(ResultSet rs, int n) throws SQLException {
    return new Entry(rs.getLong("id"), rs.getString("dlt_topic"), rs.getInt("dlt_partition"), rs.getLong("dlt_offset"),
        rs.getString("event_type"), rs.getString("reservation_id"), rs.getString("requested_by"),
        rs.getTimestamp("requested_at").toInstant(), Outcome.valueOf(rs.getString("outcome")), rs.getString("reason"),
        rs.getString("replayed_to"));
  }
}
