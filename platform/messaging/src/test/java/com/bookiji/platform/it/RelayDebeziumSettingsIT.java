package com.bookiji.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.testkit.TestApps;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final Duration DEADLINE = Duration.ofSeconds(60);

  ConfigurableApplicationContext app;

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @DisplayName("with ?ApplicationName&connectTimeout&tcpKeepAlive in the URL and debezium[slot.failover]=true, messages flow and the slot is a fail-over slot")
  void settingsReachTheEngine() {
    TestDatabase db = infra.createDatabase("relaysettings");
    String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?")
        + "ApplicationName=relay-settings-it&connectTimeout=10&tcpKeepAlive=true";
    app = TestApps.start(SkeletonApp.class, db, Map.of(
        "skeleton.consumer-name", "skeleton-" + db.name(),
        "spring.datasource.url", url,
        "bookiji.outbox.relay.debezium[slot.failover]", "true"));
    JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
    SkeletonApp.awaitHoldApplied(jdbc, SkeletonApp.requestHold(app), DEADLINE);
    assertThat(jdbc.queryForObject("SELECT failover FROM pg_replication_slots WHERE slot_name = ?",
        Boolean.class, "bookiji_outbox_" + db.name())).isTrue();
  }
}
