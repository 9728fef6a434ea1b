package com.bookiji.availability.it;

import com.bookiji.platform.testkit.RelayPublisher;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.availability.SlotHeld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One availability-service instance on its own database, driven through the real broker: a
 * producer of commands, a collector of the events the service publishes, and SQL on its tables.
 * The instance can be stopped and started again on the same database (restart tests), and a
 * second one can run beside it (concurrency tests).
 */
final class ServiceUnderTest implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  final TestInfrastructure infra = TestInfrastructure.shared();
  final TestDatabase db;
  final RelayPublisher commands;
  final EventCollector events;
  final JdbcClient sql;
  private final Map<String, String> overrides;
  private final List<AvailabilityInstance> others = new ArrayList<>();
  private AvailabilityInstance service;

  private ServiceUnderTest(String database, Map<String, String> overrides) {
    db = infra.createDatabase(database);
    this.overrides = overrides;
    service = AvailabilityInstance.start(db, overrides);
    commands = new RelayPublisher(infra);
    events = new EventCollector(infra);
    sql = JdbcClient.create(db.dataSource());
  }

  static ServiceUnderTest start(String database) {
    return start(database, Map.of());
  }

  /** With {@code overrides} on top of the test defaults of {@link AvailabilityInstance}. */
  static ServiceUnderTest start(String database, Map<String, String> overrides) {
    return new ServiceUnderTest(database, overrides);
  }

  AvailabilityInstance service() {
    return service;
  }

  void stopService() {
    service.close();
  }

  void startService() {
    service = AvailabilityInstance.start(db, overrides);
  }

  /** A second instance on the same database and broker, closed with the harness. */
  AvailabilityInstance startAnotherInstance() {
    AvailabilityInstance other = AvailabilityInstance.start(db, overrides);
    others.add(other);
    return other;
  }

  UUID createSlot(String vendor) {
    return service.createSlot(vendor);
  }

  /** HoldSlot sent for the reservation, and the SlotHeld it got. */
  SlotHeld held(String reservation, UUID slot, int ttlSeconds) {
    commands.publish(reservation, Cmd.hold(reservation, slot, ttlSeconds));
    return awaitOne(reservation, SlotHeld.class);
  }

  <T extends SpecificRecord> T awaitOne(String reservation, Class<T> type) {
    return await(reservation, type, 1).get(0);
  }

  <T extends SpecificRecord> List<T> await(String reservation, Class<T> type, int count) {
    Awaitility.await().atMost(WAIT).until(() -> events.of(reservation, type).size() >= count);
    return events.of(reservation, type).stream().map(r -> r.as(type)).toList();
  }

  String holdStatus(String holdId) {
    return sql.sql("SELECT status FROM holds WHERE id = ?::uuid").param(holdId)
        .query(String.class).single();
  }

  long liveHolds(UUID slot) {
    return sql.sql("SELECT count(*) FROM holds WHERE slot_id = ? AND status IN ('ACTIVE','COMMITTED')")
        .param(slot).query(Long.class).single();
  }

  @Override
  public void close() {
    events.close();
    commands.close();
    others.forEach(AvailabilityInstance::close);
    service.close();
  }
}
