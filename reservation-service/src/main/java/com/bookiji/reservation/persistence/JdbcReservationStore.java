package com.bookiji.reservation.persistence;

import com.bookiji.reservation.application.ReservationQuery;
import com.bookiji.reservation.application.ReservationStore;
import com.bookiji.reservation.application.TimelineEntry;
import com.bookiji.reservation.domain.DeadlineKind;
import com.bookiji.reservation.domain.HoldStatus;
import com.bookiji.reservation.domain.PaymentStatus;
import com.bookiji.reservation.domain.ReservationState;
import com.bookiji.reservation.domain.VendorDecision;
import com.bookiji.reservation.saga.SagaState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcReservationStore implements ReservationStore {

  private static final String COLUMNS = """
      id, slot_id, requester_id, state, terminal, state_entered_at, vendor_id, amount_minor, currency,
      slot_starts_at, slot_ends_at, hold_status, hold_id, hold_expires_at, booking_id, payment_status,
      payment_intent_id, client_secret, payment_attempt, vendor_decision, cancel_requested, outcome,
      capture_count, step_attempt, outcome_detail, created_at, updated_at, version""";

  /** The PostgreSQL notification channel of committed reservation changes (payload: the id). */
  static final String CHANGES_CHANNEL = "reservation_changed";

  private final NamedParameterJdbcTemplate jdbc;

  public JdbcReservationStore(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void insert(SagaState s) {
    jdbc.update("INSERT INTO reservations (" + COLUMNS + ") VALUES (:id, :slot_id, :requester_id, :state,"
        + " :terminal, :now, :vendor_id, :amount_minor, :currency, :slot_starts_at, :slot_ends_at, :hold_status,"
        + " :hold_id, :hold_expires_at, :booking_id, :payment_status, :payment_intent_id, :client_secret,"
        + " :payment_attempt, :vendor_decision, :cancel_requested, :outcome, :capture_count, :step_attempt,"
        + " :outcome_detail, :created_at, :updated_at, 0)", params(s));
  }

  @Override
  public void rememberTrace(String id, String traceparent) {
    jdbc.update("UPDATE reservations SET traceparent = :traceparent WHERE id = :id",
        Map.of("id", id, "traceparent", traceparent));
  }

  @Override
  public Optional<String> trace(String id) {
    return jdbc.query("SELECT traceparent FROM reservations WHERE id = :id", Map.of("id", id),
        (rs, n) -> rs.getString(1)).stream().filter(Objects::nonNull).findFirst();
  }

  @Override
  public Optional<SagaState> lock(String id) {
    return load("SELECT " + COLUMNS + " FROM reservations WHERE id = :id FOR UPDATE", id);
  }

  @Override
  public Optional<SagaState> tryLock(String id) {
    return load("SELECT " + COLUMNS + " FROM reservations WHERE id = :id FOR UPDATE SKIP LOCKED", id);
  }

  @Override
  public Optional<SagaState> find(String id) {
    return load("SELECT " + COLUMNS + " FROM reservations WHERE id = :id", id);
  }

  @Override
  public Optional<ReadStamp> readStamp(String id) {
    return jdbc.query("SELECT requester_id, vendor_id, version FROM reservations WHERE id = :id",
        Map.of("id", id), (rs, n) -> new ReadStamp(rs.getString("requester_id"), rs.getString("vendor_id"),
            rs.getLong("version"))).stream().findFirst();
  }

  @Override
  public Optional<Instant> oldestInOutbox(String reservationId, String eventType) {
    // The platform's outbox table: the Kafka key (our reservation id) is its aggregate_id.
    List<Instant> written = jdbc.query(
        "SELECT min(created_at) AS written FROM outbox WHERE aggregate_id = :id AND event_type = :type",
        Map.of("id", reservationId, "type", eventType),
        (rs, n) -> rs.getTimestamp("written") == null ? null : rs.getTimestamp("written").toInstant());
    return written.isEmpty() ? Optional.empty() : Optional.ofNullable(written.get(0));
  }

  private Optional<SagaState> load(String sql, String id) {
    List<SagaState> rows = jdbc.query(sql, Map.of("id", id), (rs, n) -> map(rs));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(rows.get(0).with().deadlines(deadlines(id)).build());
  }

  @Override
  public void update(SagaState previous, SagaState next) {
    MapSqlParameterSource p = params(next);
    int n = jdbc.update("""
        UPDATE reservations SET state = :state, terminal = :terminal,
          state_entered_at = CASE WHEN state <> :state THEN :now ELSE state_entered_at END,
          vendor_id = :vendor_id, amount_minor = :amount_minor, currency = :currency,
          slot_starts_at = :slot_starts_at, slot_ends_at = :slot_ends_at, hold_status = :hold_status,
          hold_id = :hold_id, hold_expires_at = :hold_expires_at, booking_id = :booking_id,
          payment_status = :payment_status, payment_intent_id = :payment_intent_id,
          client_secret = :client_secret, payment_attempt = :payment_attempt,
          vendor_decision = :vendor_decision, cancel_requested = :cancel_requested, outcome = :outcome,
          capture_count = :capture_count, step_attempt = :step_attempt, outcome_detail = :outcome_detail,
          updated_at = :updated_at, version = version + 1
        WHERE id = :id AND state = :previous_state""", p.addValue("previous_state", previous.state().name()));
    if (n != 1) {
      throw new OptimisticLockingFailureException("reservation " + next.reservationId() + " changed underneath");
    }
  }

  @Override
  public void applyDeadlines(String id, Map<DeadlineKind, Instant> set, Set<DeadlineKind> clear) {
    for (DeadlineKind kind : clear) {
      jdbc.update("DELETE FROM reservation_deadlines WHERE reservation_id = :id AND kind = :kind",
          Map.of("id", id, "kind", kind.name()));
    }
    set.forEach((kind, at) -> jdbc.update("""
        INSERT INTO reservation_deadlines (reservation_id, kind, due_at) VALUES (:id, :kind, :at)
        ON CONFLICT (reservation_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at""",
        new MapSqlParameterSource("id", id).addValue("kind", kind.name()).addValue("at", ts(at))));
  }

  private Map<DeadlineKind, Instant> deadlines(String id) {
    Map<DeadlineKind, Instant> out = new EnumMap<>(DeadlineKind.class);
    jdbc.query("SELECT kind, due_at FROM reservation_deadlines WHERE reservation_id = :id", Map.of("id", id),
        rs -> {
          out.put(DeadlineKind.valueOf(rs.getString("kind")), rs.getTimestamp("due_at").toInstant());
        });
    return out;
  }

  @Override
  public void appendTimeline(String id, Instant at, String fromState, String toState, String trigger, String note) {
    jdbc.update("""
        INSERT INTO reservation_timeline (reservation_id, at, from_state, to_state, trigger, note)
        VALUES (:id, :at, :from, :to, :trigger, :note)""",
        new MapSqlParameterSource("id", id).addValue("at", ts(at)).addValue("from", fromState)
            .addValue("to", toState).addValue("trigger", trigger).addValue("note", note));
  }

  @Override
  public List<TimelineEntry> timeline(String id, long afterSeq) {
    return jdbc.query("""
        SELECT seq, at, from_state, to_state, trigger, note FROM reservation_timeline
        WHERE reservation_id = :id AND seq > :after ORDER BY seq""",
        new MapSqlParameterSource("id", id).addValue("after", afterSeq),
        (rs, n) -> new TimelineEntry(rs.getLong("seq"), rs.getTimestamp("at").toInstant(),
            rs.getString("from_state"), rs.getString("to_state"), rs.getString("trigger"), rs.getString("note")));
  }

  @Override
  public List<SagaState> list(ReservationQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM reservations WHERE true");
    MapSqlParameterSource p = new MapSqlParameterSource();
    if (q.requesterId() != null) {
      sql.append(" AND requester_id = :requester");
      p.addValue("requester", q.requesterId());
    }
    if (q.vendorId() != null) {
      sql.append(" AND vendor_id = :vendor");
      p.addValue("vendor", q.vendorId());
    }
    if (q.state() != null) {
      sql.append(" AND state = :state");
      p.addValue("state", q.state().name());
    }
    if (q.afterCreatedAt() != null) {
      sql.append(" AND (created_at, id) < (:after_created, :after_id)");
      p.addValue("after_created", ts(q.afterCreatedAt())).addValue("after_id", q.afterId());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    p.addValue("limit", q.limit());
    List<SagaState> rows = jdbc.query(sql.toString(), p, (rs, n) -> map(rs));
    List<SagaState> out = new ArrayList<>(rows.size());
    for (SagaState s : rows) {
      out.add(s.with().deadlines(deadlines(s.reservationId())).build());
    }
    return out;
  }

  @Override
  public List<String> withDueDeadlines(Instant now, int limit) {
    return jdbc.queryForList("""
        SELECT reservation_id FROM reservation_deadlines WHERE due_at <= :now
        GROUP BY reservation_id ORDER BY min(due_at) LIMIT :limit""",
        new MapSqlParameterSource("now", ts(now)).addValue("limit", limit), String.class);
  }

  @Override
  public Map<String, InFlight> inFlight() {
    Map<String, InFlight> out = new HashMap<>();
    jdbc.query("""
        SELECT state, count(*) AS n, min(state_entered_at) AS oldest FROM reservations
        WHERE NOT terminal GROUP BY state""", rs -> {
          Timestamp oldest = rs.getTimestamp("oldest");
          out.put(rs.getString("state"), new InFlight(rs.getLong("n"), oldest == null ? null : oldest.toInstant()));
        });
    return out;
  }

  private static MapSqlParameterSource params(SagaState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.reservationId());
    m.put("slot_id", s.slotId());
    m.put("requester_id", s.requesterId());
    m.put("state", s.state().name());
    m.put("terminal", s.state().isTerminal());
    m.put("now", ts(s.updatedAt()));
    m.put("vendor_id", s.vendorId());
    m.put("amount_minor", s.amountMinor());
    m.put("currency", s.currency());
    m.put("slot_starts_at", ts(s.slotStartsAt()));
    m.put("slot_ends_at", ts(s.slotEndsAt()));
    m.put("hold_status", s.hold().name());
    m.put("hold_id", s.holdId());
    m.put("hold_expires_at", ts(s.holdExpiresAt()));
    m.put("booking_id", s.bookingId());
    m.put("payment_status", s.payment().name());
    m.put("payment_intent_id", s.paymentIntentId());
    m.put("client_secret", s.clientSecret());
    m.put("payment_attempt", s.paymentAttempt());
    m.put("vendor_decision", s.vendorDecision().name());
    m.put("cancel_requested", s.cancelRequested());
    m.put("outcome", s.outcome() == null ? null : s.outcome().name());
    m.put("capture_count", s.captureCount());
    m.put("step_attempt", s.stepAttempt());
    m.put("outcome_detail", s.outcomeDetail());
    m.put("created_at", ts(s.createdAt()));
    m.put("updated_at", ts(s.updatedAt()));
    MapSqlParameterSource p = new MapSqlParameterSource();
    m.forEach(p::addValue);
    return p;
  }

  private static SagaState map(ResultSet rs) throws SQLException {
    String outcome = rs.getString("outcome");
    return new SagaState.Builder()
        .reservationId(rs.getString("id"))
        .slotId(rs.getString("slot_id"))
        .requesterId(rs.getString("requester_id"))
        .state(ReservationState.valueOf(rs.getString("state")))
        .vendorId(rs.getString("vendor_id"))
        .amountMinor((Long) rs.getObject("amount_minor"))
        .currency(rs.getString("currency"))
        .slotStartsAt(instant(rs, "slot_starts_at"))
        .slotEndsAt(instant(rs, "slot_ends_at"))
        .hold(HoldStatus.valueOf(rs.getString("hold_status")))
        .holdId(rs.getString("hold_id"))
        .holdExpiresAt(instant(rs, "hold_expires_at"))
        .bookingId(rs.getString("booking_id"))
        .payment(PaymentStatus.valueOf(rs.getString("payment_status")))
        .paymentIntentId(rs.getString("payment_intent_id"))
        .clientSecret(rs.getString("client_secret"))
        .paymentAttempt(rs.getInt("payment_attempt"))
        .vendorDecision(VendorDecision.valueOf(rs.getString("vendor_decision")))
        .cancelRequested(rs.getBoolean("cancel_requested"))
        .outcome(outcome == null ? null : ReservationState.valueOf(outcome))
        .captureCount(rs.getInt("capture_count"))
        .stepAttempt(rs.getInt("step_attempt"))
        .outcomeDetail(rs.getString("outcome_detail"))
        .createdAt(instant(rs, "created_at"))
        .updatedAt(instant(rs, "updated_at"))
        .build();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  @Override
  public void lockRequester(String requesterId) {
    jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtextextended(:k, 7284))::text",
        new MapSqlParameterSource("k", "requester:" + requesterId), String.class);
  }

  @Override
  public AwaitingPayment awaitingPayment(String requesterId) {
    return jdbc.queryForObject("""
        SELECT count(DISTINCT r.id) AS n, min(d.due_at) AS earliest FROM reservations r
        LEFT JOIN reservation_deadlines d ON d.reservation_id = r.id
        WHERE r.requester_id = :requester AND NOT r.terminal
          AND r.state IN ('HOLD_PENDING', 'AWAITING_CONFIRMATIONS') AND r.payment_status <> 'AUTHORIZED'""",
        new MapSqlParameterSource("requester", requesterId), (rs, n) -> {
          Timestamp earliest = rs.getTimestamp("earliest");
          return new AwaitingPayment(rs.getInt("n"), earliest == null ? null : earliest.toInstant());
        });
  }

  @Override
  public void notifyChanged(String id) {
    // Delivered at commit, and only then: listeners never see a step that rolled back.
    jdbc.queryForObject("SELECT pg_notify('" + CHANGES_CHANNEL + "', :id)::text",
        new MapSqlParameterSource("id", id), String.class);
  }
}
