package com.bookiji.platform.it;

import static com.bookiji.platform.it.Skeletons.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.testkit.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue #16: a JDBC URL with parameters and an extra Debezium setting reach a running engine — the
 * relay streams through a URL carrying driver parameters, and {@code slot.failover=true}
 * (PostgreSQL 17) creates the replication slot as a fail-over slot.
 */
@DisplayName("Relay configuration: URL parameters and extra Debezium settings reach the engine (#16)")
class RelayDebeziumSettingsIT {

  @AutoClose
  final Skeletons skeletons = new Skeletons();

  @Test
  @DisplayName("with ?ApplicationName&connectTimeout&tcpKeepAlive in the URL and debezium[slot.failover]=true, messages flow and the slot is a fail-over slot")
  void settingsReachTheEngine() {
    TestDatabase db = skeletons.database("relaysettings");
    String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
        + "ApplicationName=relay-settings-it&connectTimeout=10&tcpKeepAlive=true";
    ConfigurableApplicationContext app = skeletons.start(db, Map.of(
        "spring.datasource.url", url,
        "bookiji.outbox.relay.debezium[slot.failover]", "true"));
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    SkeletonApp.awaitHoldApplied(jdbc, SkeletonApp.requestHold(app), DEADLINE);
    assertThat(jdbc.queryForObject("SELECT failover FROM pg_replication_slots WHERE slot_name = ?",
        Boolean.class, "bookiji_outbox_" + db.name())).isTrue();
  }
}
