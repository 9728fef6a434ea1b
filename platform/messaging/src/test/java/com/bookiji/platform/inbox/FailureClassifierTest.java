package com.bookiji.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.inbox.internal.MessageValidationException;
import com.bookiji.schemas.registry.SchemaRegistryException;
import com.bookiji.schemas.serde.SerializationException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.avro.AvroTypeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class FailureClassifierTest {

  @ParameterizedTest(name = "SQLState {0} is transient")
  @ValueSource(strings = {"08001", "08006", "08003", "08P01", "40001", "40P01", "55P03", "57P01",
      "57P02", "57P03", "57014", "53300", "53100", "25006"})
  void transientSqlStates(String sqlState) {
    assertThat(FailureClassifier.classify(inHandler(new SQLException("x", sqlState))))
        .isEqualTo(FailureKind.TRANSIENT);
  }

  @ParameterizedTest(name = "SQLState {0} says nothing about a retry")
  @ValueSource(strings = {"23505", "23503", "42P01", "22001", "XX000"})
  void otherSqlStates(String sqlState) {
    assertThat(FailureClassifier.classify(inHandler(new SQLException("x", sqlState))))
        .isEqualTo(FailureKind.UNKNOWN);
  }

  @Test
  @DisplayName("a stopped database, as the transaction manager reports it, is transient")
  void stoppedDatabase() {
    PSQLException refused = new PSQLException("Connection to localhost:5432 refused",
        PSQLState.CONNECTION_UNABLE_TO_CONNECT, new ConnectException("Connection refused"));
    Exception failure = new CannotCreateTransactionException("Could not open JDBC Connection",
        new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001", refused));
    assertThat(FailureClassifier.classify(inHandler(failure))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(inHandler(
        new CannotGetJdbcConnectionException("no connection")))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(inHandler(new TransactionSystemException("commit failed",
        new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE)))))
        .isEqualTo(FailureKind.TRANSIENT);
  }

  @Test
  @DisplayName("Spring's lock and deadlock exceptions, Kafka's retriable errors and I/O are transient")
  void transientFamilies() {
    assertThat(FailureClassifier.classify(inHandler(new CannotAcquireLockException("lock"))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(inHandler(new PessimisticLockingFailureException("deadlock"))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(inHandler(new TimeoutException("broker"))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(inHandler(new RuntimeException(new SocketTimeoutException()))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(inHandler(new TransientFailureException("Stripe is down"))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(inHandler(new UncheckedIOException(new ConnectException()))))
        .isEqualTo(FailureKind.TRANSIENT);
  }

  @Test
  @DisplayName("an I/O exception that is not the network's (a parser's) says nothing about a retry")
  void parserIoException() {
    assertThat(FailureClassifier.classify(inHandler(new UncheckedIOException(
        new IOException("Unexpected character ('x' (code 120))"))))).isEqualTo(FailureKind.UNKNOWN);
  }

  @Test
  @DisplayName("a registry that is unreachable or answers 5xx while a record is read is transient; 4xx and bad bytes are deterministic")
  void deserialization() {
    assertThat(FailureClassifier.classify(deserializing(new SerializationException(
        "cannot fetch schema id 7", new SchemaRegistryException(503, 503, "unavailable"), true))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(deserializing(new SerializationException(
        "cannot fetch schema id 7", new SchemaRegistryException(0, 0, "connection refused",
            new ConnectException()), true))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureClassifier.classify(deserializing(new SerializationException(
        "unknown schema id 7", new SchemaRegistryException(404, 40403, "not found"), false))))
        .isEqualTo(FailureKind.DETERMINISTIC);
    // a truncated payload fails with an EOFException below the serde's verdict: still bad bytes
    assertThat(FailureClassifier.classify(deserializing(new SerializationException(
        "cannot read", new EOFException(), false))))
        .isEqualTo(FailureKind.DETERMINISTIC);
    assertThat(FailureClassifier.classify(deserializing(new IllegalStateException("?"))))
        .isEqualTo(FailureKind.DETERMINISTIC);
    assertThat(FailureClassifier.classify(new DeserializationException("no cause", new byte[0], false, null)))
        .isEqualTo(FailureKind.DETERMINISTIC);
  }

  @Test
  @DisplayName("validation failures, refusals and Avro type errors are deterministic, even with a transient cause")
  void deterministic() {
    assertThat(FailureClassifier.classify(inHandler(new MessageValidationException("no eventId"))))
        .isEqualTo(FailureKind.DETERMINISTIC);
    assertThat(FailureClassifier.classify(inHandler(new RefusedMessageException("slot is free",
        new SQLException("x", "08006")))))
        .isEqualTo(FailureKind.DETERMINISTIC);
    assertThat(FailureClassifier.classify(inHandler(new AvroTypeException("bad"))))
        .isEqualTo(FailureKind.DETERMINISTIC);
  }

  @Test
  @DisplayName("a bug or a constraint violation is unknown: bounded retries decide")
  void unknown() {
    assertThat(FailureClassifier.classify(inHandler(new IllegalStateException("bug"))))
        .isEqualTo(FailureKind.UNKNOWN);
    assertThat(FailureClassifier.classify(inHandler(new DataIntegrityViolationException("dup",
        new SQLException("dup", "23505"))))).isEqualTo(FailureKind.UNKNOWN);
    assertThat(FailureClassifier.classify(inHandler(new NullPointerException())))
        .isEqualTo(FailureKind.UNKNOWN);
  }

  private static Exception inHandler(Throwable cause) {
    return new ListenerExecutionFailedException("Listener failed", cause);
  }

  private static Exception deserializing(Throwable cause) {
    return new ListenerExecutionFailedException("Listener failed",
        new DeserializationException("failed to deserialize", new byte[] {0, 0, 0, 0, 7}, false, cause));
  }
}
