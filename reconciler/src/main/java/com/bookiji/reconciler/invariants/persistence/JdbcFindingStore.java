package com.bookiji.reconciler.invariants.persistence;

import com.bookiji.reconciler.invariants.application.FindingStore;
import com.bookiji.reconciler.invariants.domain.FindingRecord;
import com.bookiji.reconciler.invariants.domain.FindingState;
import com.bookiji.reconciler.invariants.domain.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** {@code findings}: upserted by break id. */
@Repository
public class JdbcFindingStore implements FindingStore {

  private final JdbcClient jdbc;

  public JdbcFindingStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<FindingRecord> all() {
    return jdbc.sql("select * from findings order by first_seen_at, break_id").query(JdbcFindingStore::row).list();
  }

  @Override
  @Transactional
  public void save(List<FindingRecord> changed) {
    for (FindingRecord r : changed) {
      jdbc.sql("""
              insert into findings (break_id, code, severity, subject_id, reservation_id, detail, state,
                  first_seen_at, last_seen_at, occurrences, acknowledged_at, acknowledged_by, resolved_at,
                  resolved_by, resolution_note, cleared_since_resolved)
              values (:breakId, :code, :severity, :subjectId, :reservationId, :detail, :state,
                  :firstSeenAt, :lastSeenAt, :occurrences, :acknowledgedAt, :acknowledgedBy, :resolvedAt,
                  :resolvedBy, :resolutionNote, :cleared)
              on conflict (break_id) do update set severity = excluded.severity,
                  reservation_id = excluded.reservation_id, detail = excluded.detail, state = excluded.state,
                  last_seen_at = excluded.last_seen_at, occurrences = excluded.occurrences,
                  acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
                  resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by,
                  resolution_note = excluded.resolution_note, cleared_since_resolved = excluded.cleared_since_resolved
              """)
          .param("breakId", r.breakId())
          .param("code", r.code())
          .param("severity", r.severity().name())
          .param("subjectId", r.subjectId())
          .param("reservationId", r.reservationId())
          .param("detail", r.detail())
          .param("state", r.state().name())
          .param("firstSeenAt", ts(r.firstSeenAt()))
          .param("lastSeenAt", ts(r.lastSeenAt()))
          .param("occurrences", r.occurrences())
          .param("acknowledgedAt", ts(r.acknowledgedAt()))
          .param("acknowledgedBy", r.acknowledgedBy())
          .param("resolvedAt", ts(r.resolvedAt()))
          .param("resolvedBy", r.resolvedBy())
          .param("resolutionNote", r.resolutionNote())
          .param("cleared", r.clearedSinceResolved())
          .update();
    }
  }

  private static Timestamp ts(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static FindingRecord row(ResultSet rs, int n) throws SQLException {
    return new FindingRecord(rs.getString("break_id"), rs.getString("code"), Severity.valueOf(rs.getString("severity")),
        rs.getString("subject_id"), rs.getString("reservation_id"), rs.getString("detail"),
        FindingState.valueOf(rs.getString("state")), instant(rs, "first_seen_at"), instant(rs, "last_seen_at"),
        rs.getInt("occurrences"), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
        instant(rs, "resolved_at"), rs.getString("resolved_by"), rs.getString("resolution_note"),
        rs.getBoolean("cleared_since_resolved"));
  }
}
