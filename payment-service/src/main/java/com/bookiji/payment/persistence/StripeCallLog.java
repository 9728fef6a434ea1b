package com.bookiji.payment.persistence;

import java.time.Instant;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail of Stripe requests. Each row commits in its own transaction: the call happened
 * whether or not the business transaction around it commits.
 */
@Repository
public class StripeCallLog {

  /** One Stripe HTTP exchange (one try). */
  public record StripeCall(String reservationId, String operation, String idempotencyKey,
      int tryNumber, String requestId, String objectId, Integer httpStatus, String outcome,
      String errorCode, long latencyMillis, Instant calledAt) {}

  private final NamedParameterJdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;

  public StripeCallLog(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager tm) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(tm);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  public void record(StripeCall call) {
    ownTransaction.executeWithoutResult(s -> jdbc.update("""
        insert into stripe_calls (reservation_id, operation, idempotency_key, try_number,
          request_id, object_id, http_status, outcome, error_code, latency_ms, called_at)
        values (:r, :op, :key, :try, :req, :obj, :http, :outcome, :code, :latency, :at)""",
        new MapSqlParameterSource("r", call.reservationId()).addValue("op", call.operation())
            .addValue("key", call.idempotencyKey()).addValue("try", call.tryNumber())
            .addValue("req", call.requestId()).addValue("obj", call.objectId())
            .addValue("http", call.httpStatus()).addValue("outcome", call.outcome())
            .addValue("code", call.errorCode()).addValue("latency", call.latencyMillis())
            .addValue("at", JdbcPaymentStore.ts(call.calledAt()))));
  }
}
