package com.bookiji.reconciler.repairs.persistence;

import com.bookiji.reconciler.repairs.application.RepairStore;
import com.bookiji.reconciler.repairs.domain.Repair;
import com.bookiji.reconciler.repairs.domain.RepairMode;
import com.bookiji.reconciler.repairs.domain.RepairPlan;
import com.bookiji.reconciler.repairs.domain.RepairStatus;
import com.bookiji.reconciler.repairs.domain.RepairType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code repairs}: inserted once per break, then moved on only from the status a caller expects. */
@Repository
public class JdbcRepairStore implements RepairStore {

  private final JdbcClient jdbc;

  public JdbcRepairStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Repair> all() {
    return jdbc.sql("select * from repairs order by created_at, repair_id").query(JdbcRepairStore::row).list();
  }

  @Override
  public Optional<Repair> find(String repairId) {
    return jdbc.sql("select * from repairs where repair_id = ?").param(repairId).query(JdbcRepairStore::row).optional();
  }

  @Override
  public boolean insertIfAbsent(Repair r) {
    return jdbc.sql("""
            insert into repairs (repair_id, break_id, repair_type, subject_id, reservation_id, mode, status, commands,
                created_at, decided_by, decided_at, outcome)
            values (:id, :breakId, :type, :subjectId, :reservationId, :mode, :status, :commands, :createdAt,
                :decidedBy, :decidedAt, :outcome)
            on conflict do nothing
            """)
        .param("id", r.repairId()).param("breakId", r.plan().breakId()).param("type", r.plan().type().name())
        .param("subjectId", r.plan().subjectId()).param("reservationId", r.plan().reservationId())
        .param("mode", r.mode().name()).param("status", r.status().name()).param("commands", r.plan().commands())
        .param("createdAt", ts(r.createdAt())).param("decidedBy", r.decidedBy()).param("decidedAt", ts(r.decidedAt()))
        .param("outcome", r.outcome())
        .update() == 1;
  }

  @Override
  public boolean update(Repair next, RepairStatus expected) {
    return jdbc.sql("""
            update repairs set status = :status, decided_by = :decidedBy, decided_at = :decidedAt, outcome = :outcome
            where repair_id = :id and status = :expected
            """)
        .param("status", next.status().name()).param("decidedBy", next.decidedBy())
        .param("decidedAt", ts(next.decidedAt())).param("outcome", next.outcome())
        .param("id", next.repairId()).param("expected", expected.name())
        .update() == 1;
  }

  private static Timestamp ts(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  private static Repair row(ResultSet rs, int n) throws SQLException {
    RepairPlan plan = new RepairPlan(rs.getString("repair_id"), RepairType.valueOf(rs.getString("repair_type")),
        rs.getString("break_id"), rs.getString("subject_id"), rs.getString("reservation_id"));
    Timestamp decidedAt = rs.getTimestamp("decided_at");
    return new Repair(plan, RepairMode.valueOf(rs.getString("mode")), RepairStatus.valueOf(rs.getString("status")),
        rs.getTimestamp("created_at").toInstant(), rs.getString("decided_by"),
        decidedAt == null ? null : decidedAt.toInstant(), rs.getString("outcome"));
  }
}
