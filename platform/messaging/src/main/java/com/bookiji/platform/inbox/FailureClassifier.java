package com.bookiji.platform.inbox;

import com.bookiji.schemas.registry.SchemaRegistryException;
import com.bookiji.schemas.serde.SerializationException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * The one place that decides whether a failed delivery is worth trying again. The cause chain is
 * read from the outside in and the first link that knows decides: a handler's refusal, our serde's
 * own verdict on a (de)serialization failure, a registry status, a PostgreSQL SQLState, Spring's
 * and Kafka's transient exception families, network I/O. A deserialization failure nothing below explains
 * is deterministic (the bytes are bad); anything else no link explains is {@link FailureKind#UNKNOWN}.
 */
public final class FailureClassifier {

  /** SQLStates whose retry may succeed: the server, the connection or a concurrent transaction is at fault, not the statement. */
  private static final Set<String> TRANSIENT_SQL_STATES = Set.of(
      "40001", // serialization_failure
      "40P01", // deadlock_detected
      "40003", // statement_completion_unknown
      "55P03", // lock_not_available
      "57014", // query_canceled (statement_timeout)
      "57P01", // admin_shutdown
      "57P02", // crash_shutdown
      "57P03", // cannot_connect_now (starting up, recovery)
      "25006", // read_only_sql_transaction (a fail-over in progress)
      "25P03", // idle_in_transaction_session_timeout
      "58030"); // io_error
  /** SQLState classes: 08 connection exception, 53 insufficient resources (too many connections, disk full). */
  private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "53");

  private FailureClassifier() {}

  public static FailureKind classify(Throwable failure) {
    boolean deserialization = false;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      FailureKind decided = decide(t);
      if (decided != null) {
        return decided;
      }
      deserialization |= t instanceof DeserializationException
          || t instanceof org.apache.kafka.common.errors.SerializationException;
    }
    return deserialization ? FailureKind.DETERMINISTIC : FailureKind.UNKNOWN;
  }

  /** The verdict of one link of the chain, or null when it does not know. */
  private static FailureKind decide(Throwable t) {
    if (t instanceof RefusedMessageException) {
      return FailureKind.DETERMINISTIC;
    }
    if (t instanceof TransientFailureException) {
      return FailureKind.TRANSIENT;
    }
    // Our serde knows whether the registry or the bytes failed; an IOException below it may be a
    // truncated payload, so nothing below is looked at.
    if (t instanceof SerializationException serde) {
      return serde.retriable() ? FailureKind.TRANSIENT : FailureKind.DETERMINISTIC;
    }
    if (t instanceof SchemaRegistryException registry) {
      return registry.retriable() ? FailureKind.TRANSIENT : FailureKind.DETERMINISTIC;
    }
    if (t instanceof SQLException sql && transientSqlState(sql.getSQLState())) {
      return FailureKind.TRANSIENT;
    }
    if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
        || t instanceof TransientDataAccessException
        || t instanceof RecoverableDataAccessException
        || t instanceof DataAccessResourceFailureException
        || t instanceof CannotCreateTransactionException
        || t instanceof TransactionTimedOutException
        || t instanceof RetriableException
        || networkFailure(t)) {
      return FailureKind.TRANSIENT;
    }
    if (t instanceof AvroRuntimeException || t instanceof ClassCastException) {
      return FailureKind.DETERMINISTIC;
    }
    return null;
  }

  /**
   * Only I/O failures of the network: a generic {@code IOException} is also what a parser throws
   * for bad input (Jackson 2's exceptions are IOExceptions), which no retry cures.
   */
  private static boolean networkFailure(Throwable t) {
    return t instanceof SocketException || t instanceof SocketTimeoutException
        || t instanceof UnknownHostException || t instanceof HttpTimeoutException
        || t instanceof ClosedChannelException;
  }

  static boolean transientSqlState(String sqlState) {
    return sqlState != null && sqlState.length() == 5
        && (TRANSIENT_SQL_STATES.contains(sqlState)
            || TRANSIENT_SQL_CLASSES.contains(sqlState.substring(0, 2)));
  }
}
