package com.bookiji.platform.it;

import static com.bookiji.platform.it.Skeletons.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

@DisplayName("Stranded outbox rows: nothing committed stays in the outbox (#12 item 1, #19 item 1)")
class StrandedRowsIT {


  @AutoClose
  final Skeletons skeletons = new Skeletons();

  @Test
  @DisplayName("rows pending when the replication slot is dropped are all delivered once the relay restarts")
  void droppedSlotLosesNoRow() {
    TestDatabase db = skeletons.database("slotdrop");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db, Map.of());
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    SkeletonApp.ReservationDesk desk = app.getBean(SkeletonApp.ReservationDesk.class);
    await().atMost(DEADLINE).until(relay::isStreaming);
    String first = UUID.randomUUID().toString();
    desk.requestHold(first, "slot-0");
    awaitAppliedOnce(jdbc, List.of(first));
    await().atMost(DEADLINE).until(() -> jdbc.queryForObject(
        "SELECT count(*) FROM relay_offsets", Integer.class) > 0);

    relay.stop();
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = UUID.randomUUID().toString();
      desk.requestHold(id, "slot-" + i);
      pending.add(id);
    }
    await().atMost(DEADLINE).ignoreException(DataAccessException.class).until(() -> {
      jdbc.queryForList("SELECT pg_drop_replication_slot(?)", relay.slotName());
      return true;
    });

    relay.start();
    awaitAppliedOnce(jdbc, pending);
    await().atMost(DEADLINE).until(() -> outboxRows(jdbc) == 0);
    assertThat(app.getBean(MeterRegistry.class).get("bookiji.outbox.relay.slot.recoveries")
        .counter().count()).isEqualTo(1.0);
  }

  @Test
  @DisplayName("a row published but left in the outbox (its delete missed) before a crash is published again and deleted after the restart, its effect applied once")
  void rowLeftByAMissedDeleteIsGoneAfterRestart() {
    TestDatabase db = skeletons.database("leftover");
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    ConfigurableApplicationContext app = skeletons.start(db, Map.of(
        "bookiji.outbox.relay.delete-retry-bound", "300ms",
        "bookiji.outbox.relay.stranded-after", "3s",
        "bookiji.outbox.relay.heartbeat-interval", "500ms"));
    OutboxRelay relay = app.getBean(OutboxRelay.class);
    SkeletonApp.ReservationDesk desk = app.getBean(SkeletonApp.ReservationDesk.class);
    await().atMost(DEADLINE).until(relay::isStreaming);
    // The relay's DELETE cannot remove these rows, as if it had not seen them.
    jdbc.execute("""
        CREATE FUNCTION keep_sticky() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.aggregate_id LIKE 'sticky-%' THEN RETURN NULL; END IF;
          RETURN OLD;
        END $$""");
    jdbc.execute("CREATE TRIGGER keep_sticky BEFORE DELETE ON outbox "
        + "FOR EACH ROW EXECUTE FUNCTION keep_sticky()");

    String sticky = "sticky-" + UUID.randomUUID();
    desk.requestHold(sticky, "slot-1");
    awaitAppliedOnce(jdbc, List.of(sticky));
    await().atMost(DEADLINE).until(() -> relay.deleter().undeletedCount() >= 1);
    assertThat(outboxRows(jdbc)).isEqualTo(1);

    relay.crash();
    jdbc.execute("DROP TRIGGER keep_sticky ON outbox");
    relay.start();

    await().atMost(DEADLINE).until(() -> outboxRows(jdbc) == 0);
    assertThat(app.getBean(MeterRegistry.class).get("bookiji.outbox.relay.stranded.republished")
        .counter().count()).isGreaterThanOrEqualTo(1.0);
    awaitAppliedOnce(jdbc, List.of(sticky));
    await().atMost(DEADLINE).until(() -> relay.backlog().rows() == 0.0);
  }


  private static void awaitAppliedOnce(JdbcTemplate jdbc, List<String> reservations) {
    await().atMost(DEADLINE).until(() -> applied(jdbc, reservations).size() == reservations.size());
    assertThat(applied(jdbc, reservations).values()).allMatch(times -> times == 1);
  }

  private static Map<String, Integer> applied(JdbcTemplate jdbc, List<String> reservations) {
    Map<String, Integer> effects = new HashMap<>();
    jdbc.query("SELECT reservation_id, applied FROM skeleton_effect WHERE reservation_id = ANY (?)",
        rs -> {
          effects.put(rs.getString(1), rs.getInt(2));
        }, (Object) reservations.toArray(String[]::new));
    return effects;
  }

  private static int outboxRows(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT count(*) FROM outbox", Integer.class);
  }
}
