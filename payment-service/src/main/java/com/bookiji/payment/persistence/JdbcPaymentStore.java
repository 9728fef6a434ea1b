package com.bookiji.payment.persistence;

import com.bookiji.payment.application.PaymentStore;
import com.bookiji.payment.domain.Payment;
import com.bookiji.payment.domain.PaymentEvent;
import com.bookiji.payment.domain.PaymentOperation;
import com.bookiji.payment.domain.PaymentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Payments, captures and refunds in PostgreSQL. Row locks serialize commands, webhooks and sweeps. */
@Repository
public class JdbcPaymentStore implements PaymentStore {

  private static final String COLUMNS = "id, reservation_id, attempt, requester_id, amount_minor,"
      + " currency, status, payment_intent_id, client_secret, amount_captured_minor,"
      + " amount_refunded_minor, refund_count, parked_operation, last_error, created_at,"
      + " updated_at, authorized_at";

  private final NamedParameterJdbcTemplate jdbc;

  public JdbcPaymentStore(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts a new attempt, or returns empty when this (reservation, attempt) already exists. */
  @Override
  public Optional<Payment> insertIfAbsent(Payment payment) {
    List<Long> ids = jdbc.queryForList("""
        insert into payments (reservation_id, attempt, requester_id, amount_minor, currency, status,
          created_at, updated_at)
        values (:reservationId, :attempt, :requesterId, :amount, :currency, :status, :now, :now)
        on conflict (reservation_id, attempt) do nothing
        returning id""",
        new MapSqlParameterSource()
            .addValue("reservationId", payment.reservationId())
            .addValue("attempt", payment.attempt())
            .addValue("requesterId", payment.requesterId())
            .addValue("amount", payment.amountMinor())
            .addValue("currency", payment.currency())
            .addValue("status", payment.status().name())
            .addValue("now", ts(payment.createdAt())), Long.class);
    return ids.stream().findFirst().map(payment::withId);
  }

  /** Remembers the trace context the payment's command came in (the reservation's trace). */
  @Override
  public void rememberTrace(long paymentId, String traceparent) {
    jdbc.update("update payments set traceparent = :traceparent where id = :id",
        new MapSqlParameterSource().addValue("id", paymentId).addValue("traceparent", traceparent));
  }

  /** The trace context the payment's command came in, if it was remembered. */
  @Override
  public Optional<String> trace(long paymentId) {
    return jdbc.queryForList("select traceparent from payments where id = :id",
        new MapSqlParameterSource().addValue("id", paymentId), String.class).stream()
        .filter(java.util.Objects::nonNull).findFirst();
  }

  @Override
  public Optional<Payment> lockAttempt(String reservationId, int attempt) {
    return jdbc.query("select " + COLUMNS + " from payments where reservation_id = :r"
            + " and attempt = :a for update",
        new MapSqlParameterSource("r", reservationId).addValue("a", attempt), MAPPER)
        .stream().findFirst();
  }

  /** All attempts of a reservation, newest first, locked. */
  @Override
  public List<Payment> lockReservation(String reservationId) {
    return jdbc.query("select " + COLUMNS + " from payments where reservation_id = :r"
        + " order by attempt desc for update", new MapSqlParameterSource("r", reservationId),
        MAPPER);
  }

  @Override
  public Optional<Payment> findByIntent(String paymentIntentId) {
    return jdbc.query("select " + COLUMNS + " from payments where payment_intent_id = :i",
        new MapSqlParameterSource("i", paymentIntentId), MAPPER).stream().findFirst();
  }

  @Override
  public Optional<Payment> findAttempt(String reservationId, int attempt) {
    return jdbc.query("select " + COLUMNS + " from payments where reservation_id = :r"
            + " and attempt = :a", new MapSqlParameterSource("r", reservationId).addValue("a", attempt),
        MAPPER).stream().findFirst();
  }

  /**
   * Locks the payment, waiting at most {@code wait} for a command that holds it (possibly across
   * a Stripe call); then PostgreSQL gives up with lock_not_available.
   */
  @Override
  public Optional<Payment> lockByIdWaiting(long id, Duration wait) {
    jdbc.getJdbcTemplate().execute("set local lock_timeout = " + Math.max(1, wait.toMillis()));
    return jdbc.query("select " + COLUMNS + " from payments where id = :id for update",
        new MapSqlParameterSource("id", id), MAPPER).stream().findFirst();
  }

  @Override
  public Optional<Payment> lockById(long id) {
    return jdbc.query("select " + COLUMNS + " from payments where id = :id for update skip locked",
        new MapSqlParameterSource("id", id), MAPPER).stream().findFirst();
  }

  /**
   * Candidates for the sweep: in one of {@code statuses}, untouched since {@code before} and not
   * checked since then either; the least recently checked first (never checked before anything),
   * so every candidate gets its turn within ceil(candidates / limit) sweeps.
   */
  @Override
  public List<Long> idsToSweep(Collection<PaymentStatus> statuses, Instant before, int limit) {
    return jdbc.queryForList("select id from payments where status in (:s) and updated_at < :t"
            + " and (last_checked_at is null or last_checked_at < :t)"
            + " order by last_checked_at nulls first, id limit :l",
        new MapSqlParameterSource("s", statuses.stream().map(Enum::name).toList())
            .addValue("t", ts(before)).addValue("l", limit), Long.class);
  }

  /** Notes that the sweep looked at the payment, whatever came of it (own statement, autocommit). */
  @Override
  public void markChecked(long paymentId, Instant at) {
    jdbc.update("update payments set last_checked_at = :at where id = :id",
        new MapSqlParameterSource("at", ts(at)).addValue("id", paymentId));
  }

  @Override
  public long countInStatusSince(Collection<PaymentStatus> statuses, Instant before) {
    Long n = jdbc.queryForObject("select count(*) from payments where status in (:s)"
            + " and coalesce(authorized_at, created_at) < :t",
        new MapSqlParameterSource("s", statuses.stream().map(Enum::name).toList())
            .addValue("t", ts(before)), Long.class);
    return n == null ? 0 : n;
  }

  @Override
  public long countInStatus(PaymentStatus status) {
    Long n = jdbc.queryForObject("select count(*) from payments where status = :s",
        new MapSqlParameterSource("s", status.name()), Long.class);
    return n == null ? 0 : n;
  }

  @Override
  public void update(Payment p) {
    int rows = jdbc.update("""
        update payments set status = :status, payment_intent_id = :intent,
          client_secret = :secret, amount_captured_minor = :captured,
          amount_refunded_minor = :refunded, refund_count = :refunds,
          parked_operation = :parked, last_error = :error, updated_at = :updated,
          authorized_at = :authorizedAt
        where id = :id""",
        new MapSqlParameterSource()
            .addValue("id", p.id())
            .addValue("status", p.status().name())
            .addValue("intent", p.paymentIntentId())
            .addValue("secret", p.clientSecret())
            .addValue("captured", p.amountCapturedMinor())
            .addValue("refunded", p.amountRefundedMinor())
            .addValue("refunds", p.refundCount())
            .addValue("parked", p.parkedOperation() == null ? null : p.parkedOperation().name())
            .addValue("error", truncate(p.lastError()))
            .addValue("updated", ts(p.updatedAt()))
            .addValue("authorizedAt", ts(p.authorizedAt())));
    if (rows != 1) {
      throw new IllegalStateException("payment " + p.id() + " not found");
    }
  }

  @Override
  public void setPendingAmount(long paymentId, long amountMinor) {
    jdbc.update("update payments set pending_amount_minor = :a where id = :id",
        new MapSqlParameterSource("a", amountMinor).addValue("id", paymentId));
  }

  @Override
  public long pendingAmount(long paymentId) {
    Long a = jdbc.queryForObject("select pending_amount_minor from payments where id = :id",
        new MapSqlParameterSource("id", paymentId), Long.class);
    return a == null ? 0 : a;
  }

  /**
   * Records the reservation's capture. The primary key on reservation_id makes a second capture
   * impossible to record: the insert fails and the whole transaction rolls back.
   */
  @Override
  public void recordCapture(Payment p, String chargeId, Instant at) {
    jdbc.update("""
        insert into captures (reservation_id, payment_id, payment_intent_id, amount_minor, currency,
          charge_id, captured_at)
        values (:r, :pid, :intent, :amount, :currency, :charge, :at)""",
        new MapSqlParameterSource("r", p.reservationId()).addValue("pid", p.id())
            .addValue("intent", p.paymentIntentId()).addValue("amount", p.amountCapturedMinor())
            .addValue("currency", p.currency()).addValue("charge", chargeId)
            .addValue("at", ts(at)));
  }

  /** The reservation's capture as PaymentCaptured first said it, to say it again identically. */
  @Override
  public Optional<PaymentEvent.Captured> capturedFact(String reservationId) {
    return jdbc.query("select payment_intent_id, amount_minor, currency, charge_id from captures"
            + " where reservation_id = :r", new MapSqlParameterSource("r", reservationId),
        (rs, n) -> new PaymentEvent.Captured(reservationId, rs.getString("payment_intent_id"),
            rs.getLong("amount_minor"), rs.getString("currency"), rs.getString("charge_id")))
        .stream().findFirst();
  }

  /** The payment's latest recorded refund as PaymentRefunded first said it. */
  @Override
  public Optional<PaymentEvent.Refunded> lastRefundedFact(Payment p) {
    return jdbc.query("select payment_intent_id, refund_id, amount_minor from refunds"
            + " where payment_id = :pid order by id desc limit 1",
        new MapSqlParameterSource("pid", p.id()),
        (rs, n) -> new PaymentEvent.Refunded(p.reservationId(), rs.getString("payment_intent_id"),
            rs.getString("refund_id"), rs.getLong("amount_minor"), p.currency(),
            p.capturedRemainingMinor()))
        .stream().findFirst();
  }

  /** Stripe refund ids already recorded for the payment (ours and those made outside the saga). */
  @Override
  public Set<String> knownRefundIds(long paymentId) {
    return new java.util.HashSet<>(jdbc.queryForList(
        "select refund_id from refunds where payment_id = :pid",
        new MapSqlParameterSource("pid", paymentId), String.class));
  }

  /**
   * Records the dispute's current status.
   *
   * @return true when it is new or its status changed (a fact to publish)
   */
  @Override
  public boolean recordDispute(Payment p, String disputeId, String chargeId, long amountMinor,
      String currency, String status, String reason, Instant at) {
    return jdbc.update("""
        insert into disputes (dispute_id, payment_id, reservation_id, payment_intent_id, charge_id,
          amount_minor, currency, status, reason, updated_at)
        values (:id, :pid, :r, :intent, :charge, :amount, :currency, :status, :reason, :at)
        on conflict (dispute_id) do update set status = excluded.status,
          amount_minor = excluded.amount_minor, updated_at = excluded.updated_at
        where disputes.status <> excluded.status""",
        new MapSqlParameterSource("id", disputeId).addValue("pid", p.id())
            .addValue("r", p.reservationId()).addValue("intent", p.paymentIntentId())
            .addValue("charge", chargeId).addValue("amount", amountMinor)
            .addValue("currency", currency).addValue("status", status).addValue("reason", reason)
            .addValue("at", ts(at))) == 1;
  }

  /** A refund made at Stripe outside the saga: no refund number of ours. */
  @Override
  public void recordOutsideRefund(Payment p, String refundId, long amountMinor, String status,
      Instant at) {
    jdbc.update("""
        insert into refunds (payment_id, reservation_id, payment_intent_id, sequence, refund_id,
          amount_minor, status, source, created_at)
        values (:pid, :r, :intent, null, :refund, :amount, :status, 'OUTSIDE', :at)
        on conflict (refund_id) do nothing""",
        new MapSqlParameterSource("pid", p.id()).addValue("r", p.reservationId())
            .addValue("intent", p.paymentIntentId()).addValue("refund", refundId)
            .addValue("amount", amountMinor).addValue("status", status).addValue("at", ts(at)));
  }

  @Override
  public void recordRefund(Payment p, int sequence, String refundId, long amountMinor,
      String status, Instant at) {
    jdbc.update("""
        insert into refunds (payment_id, reservation_id, payment_intent_id, sequence, refund_id,
          amount_minor, status, created_at)
        values (:pid, :r, :intent, :seq, :refund, :amount, :status, :at)""",
        new MapSqlParameterSource("pid", p.id()).addValue("r", p.reservationId())
            .addValue("intent", p.paymentIntentId()).addValue("seq", sequence)
            .addValue("refund", refundId).addValue("amount", amountMinor)
            .addValue("status", status).addValue("at", ts(at)));
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static final RowMapper<Payment> MAPPER = (rs, n) -> {
    String parked = rs.getString("parked_operation");
    return new Payment(rs.getLong("id"), rs.getString("reservation_id"), rs.getInt("attempt"),
        rs.getString("requester_id"), rs.getLong("amount_minor"), rs.getString("currency"),
        PaymentStatus.valueOf(rs.getString("status")), rs.getString("payment_intent_id"),
        rs.getString("client_secret"), rs.getLong("amount_captured_minor"),
        rs.getLong("amount_refunded_minor"), rs.getInt("refund_count"),
        parked == null ? null : PaymentOperation.valueOf(parked), rs.getString("last_error"),
        instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "authorized_at"));
  };
}
