package com.bookiji.platform.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.messaging.autoconfigure.PlatformSchema;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("Relayed-row delete: a row the DELETE cannot see yet is deleted once it is visible (#19)")
class RelayedRowDeleterIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static TestDatabase db;
  static DataSource dataSource;
  static JdbcTemplate jdbc;

  SimpleMeterRegistry meters;

  @BeforeAll
  static void migrate() {
    db = infra.createDatabase("deleter");
    dataSource = db.dataSource();
    Flyway.configure().dataSource(dataSource).locations(PlatformSchema.LOCATION)
        .table(PlatformSchema.HISTORY_TABLE).load().migrate();
    jdbc = new JdbcTemplate(dataSource);
  }

  @BeforeEach
  void emptyOutbox() {
    jdbc.update("DELETE FROM outbox");
    meters = new SimpleMeterRegistry();
  }

  @Test
  @DisplayName("given an id whose inserting transaction is still open, the delete removes the row once that transaction commits, and the backlog gauge returns to 0")
  void deletesOnceTheInsertIsVisible() throws Exception {
    RelayedRowDeleter deleter = deleter(Duration.ofSeconds(60));
    OutboxBacklog backlog = new OutboxBacklog(dataSource, "public.outbox", Clock.systemUTC(),
        meters, "deleter");
    try (Connection writer = openTransaction()) {
      UUID id = insertRow(writer);
      long transactionId = currentTransactionId(writer);

      CompletableFuture<Set<String>> left = deleteInBackground(deleter,
          new RelayedRowDeleter.RelayedRow(id.toString(), transactionId));
      // The first DELETE could not see the row: the deleter is now retrying.
      await().atMost(Duration.ofSeconds(30)).until(() -> deleter.retriedCount() == 1);
      assertThat(left).isNotDone();

      writer.commit();
      assertThat(left.get(30, TimeUnit.SECONDS)).isEmpty();
      assertThat(rows(id)).isZero();
    }
    assertThat(deleter.undeletedCount()).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() ->
        meters.get("bookiji.outbox.backlog").gauge().value() == 0.0);
    assertThat(backlog.oldestAge()).isEmpty();
  }

  @Test
  @DisplayName("a row still invisible when the bound passes is counted as undeleted and left for the stranded-row sweep")
  void countsWhatTheBoundLeaves() throws Exception {
    RelayedRowDeleter deleter = deleter(Duration.ofMillis(300));
    UUID id;
    try (Connection writer = openTransaction()) {
      id = insertRow(writer);
      long transactionId = currentTransactionId(writer);
      Set<String> left = deleter.delete(
          List.of(new RelayedRowDeleter.RelayedRow(id.toString(), transactionId)));
      assertThat(left).containsExactly(id.toString());
      writer.commit();
    }
    assertThat(deleter.undeletedCount()).isEqualTo(1);
    assertThat(meters.get("bookiji.outbox.relay.undeleted").counter().count()).isEqualTo(1.0);
    assertThat(rows(id)).isEqualTo(1);
  }

  @Test
  @DisplayName("an id an earlier delete already removed (re-streamed after a restart) is settled at once, not after the bound")
  void alreadyDeletedIsSettled() throws Exception {
    RelayedRowDeleter deleter = deleter(Duration.ofSeconds(60));
    UUID id;
    long transactionId;
    try (Connection writer = openTransaction()) {
      id = insertRow(writer);
      transactionId = currentTransactionId(writer);
      writer.commit();
    }
    RelayedRowDeleter.RelayedRow row = new RelayedRowDeleter.RelayedRow(id.toString(), transactionId);
    assertThat(deleter.delete(List.of(row))).isEmpty();

    long started = System.nanoTime();
    assertThat(deleter.delete(List.of(row))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(deleter.undeletedCount()).isZero();
  }

  private RelayedRowDeleter deleter(Duration bound) {
    return new RelayedRowDeleter(dataSource, "public.outbox", bound, Clock.systemUTC(), meters,
        "deleter");
  }

  private static CompletableFuture<Set<String>> deleteInBackground(RelayedRowDeleter deleter,
      RelayedRowDeleter.RelayedRow row) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return deleter.delete(List.of(row));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      }
    });
  }

  private static Connection openTransaction() throws SQLException {
    Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    c.setAutoCommit(false);
    return c;
  }

  private static UUID insertRow(Connection c) throws SQLException {
    UUID id = UUID.randomUUID();
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO outbox (id, aggregate_type, aggregate_id, topic, event_type, payload, correlation_id)
        VALUES (?, 'reservation', ?, 'availability.commands', 'HoldSlot', '\\x00'::bytea, ?)""")) {
      ps.setObject(1, id);
      ps.setString(2, id.toString());
      ps.setString(3, id.toString());
      ps.executeUpdate();
    }
    return id;
  }

  private static long currentTransactionId(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_current_xact_id()::text::bigint");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int rows(UUID id) {
    return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE id = ?", Integer.class, id);
  }
}
