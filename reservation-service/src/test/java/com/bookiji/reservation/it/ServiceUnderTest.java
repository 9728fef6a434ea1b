package com.bookiji.reservation.it;

import com.bookiji.platform.testkit.TestClock;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * reservation-service under test on its own database, with a clock the test moves: its public
 * API ({@link Api}, always at the instance running now), availability-service and payment-service
 * played on the real broker ({@link OtherServices}), and SQL on its tables. The instance can be
 * killed and started again on the same database, and a second instance can run beside it.
 */
final class ServiceUnderTest implements AutoCloseable {

  final TestInfrastructure infra = TestInfrastructure.shared();
  final TestDatabase db;
  final TestClock clock = TestClock.runningFromNow();
  final OtherServices others = new OtherServices();
  final Api api = new Api(() -> app().baseUrl());
  final JdbcClient sql;
  private final Map<String, String> overrides;
  private ReservationApp app;

  private ServiceUnderTest(String database, Map<String, String> overrides) {
    this.db = infra.createDatabase(database);
    this.sql = JdbcClient.create(db.dataSource());
    this.overrides = overrides;
  }

  /** Started with {@code overrides} on top of the test defaults of {@link ReservationApp}. */
  static ServiceUnderTest start(String database, Map<String, String> overrides) {
    ServiceUnderTest sut = new ServiceUnderTest(database, overrides);
    sut.startService();
    return sut;
  }

  /** The database and the other services, no instance yet: the test starts (and kills) it. */
  static ServiceUnderTest notStarted(String database, Map<String, String> overrides) {
    return new ServiceUnderTest(database, overrides);
  }

  ReservationApp app() {
    if (app == null) {
      throw new IllegalStateException("the service is not started");
    }
    return app;
  }

  void startService() {
    app = ReservationApp.start(db, clock, overrides);
  }

  /** Like kill -9 (see {@link ReservationApp#kill()}). */
  void killService() {
    app().kill();
  }

  /** A second instance on the same database and clock; the caller closes it. */
  ReservationApp startAnotherInstance(Map<String, String> moreOverrides) {
    Map<String, String> props = new HashMap<>(overrides);
    props.putAll(moreOverrides);
    return ReservationApp.start(db, clock, props);
  }

  /** The single number a {@code SELECT count(*) ...} answers. */
  long rows(String query, Object... args) {
    return sql.sql(query).params(args).query(Long.class).single();
  }

  /** Rows of the platform's outbox for one reservation and event type. */
  long outboxRows(String reservationId, String eventType) {
    return rows("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = ?",
        reservationId, eventType);
  }

  @Override
  public void close() {
    others.close();
    if (app != null) {
      app.close();
    }
  }
}
