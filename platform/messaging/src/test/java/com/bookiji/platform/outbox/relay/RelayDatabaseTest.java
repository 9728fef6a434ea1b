package com.bookiji.platform.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RelayDatabaseTest {

  @Test
  @DisplayName("host, port and database are read from the service's JDBC URL")
  void parsesJdbcUrl() {
    RelayDatabase db = RelayDatabase.fromJdbcUrl(
        "jdbc:postgresql://db.internal:6432/payment-db?sslmode=disable", "svc", "pw");
    assertThat(db.host()).isEqualTo("db.internal");
    assertThat(db.port()).isEqualTo(6432);
    assertThat(db.database()).isEqualTo("payment-db");
    assertThat(db.identifier()).isEqualTo("payment_db");
  }

  @Test
  @DisplayName("the port defaults to 5432")
  void defaultPort() {
    assertThat(RelayDatabase.fromJdbcUrl("jdbc:postgresql://localhost/x", "u", null).port())
        .isEqualTo(5432);
  }

  @Test
  @DisplayName("a non-PostgreSQL URL is refused")
  void refusesOtherDatabases() {
    assertThatThrownBy(() -> RelayDatabase.fromJdbcUrl("jdbc:h2:mem:x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("TLS parameters of the URL become Debezium's database.ssl* settings, the others pass through to the driver")
  void urlParametersReachDebezium() {
    RelayDatabase db = RelayDatabase.fromJdbcUrl("jdbc:postgresql://pg.example:5433/payment"
        + "?sslmode=require&sslrootcert=/etc/pg/root.crt&ApplicationName=payment-relay"
        + "&connectTimeout=7", "svc", "pw");

    assertThat(db.database()).isEqualTo("payment");
    assertThat(db.debeziumConnectionProperties())
        .containsEntry("database.hostname", "pg.example")
        .containsEntry("database.port", "5433")
        .containsEntry("database.dbname", "payment")
        .containsEntry("database.user", "svc")
        .containsEntry("database.password", "pw")
        .containsEntry("database.sslmode", "require")
        .containsEntry("database.sslrootcert", "/etc/pg/root.crt")
        .containsEntry("driver.ApplicationName", "payment-relay")
        .containsEntry("driver.connectTimeout", "7")
        .doesNotContainKeys("driver.sslmode", "driver.PGHOST", "driver.PGDBNAME");
  }

  @Test
  @DisplayName("a bare ssl=true means what it means to the driver: sslmode verify-full")
  void bareSslFlag() {
    assertThat(RelayDatabase.fromJdbcUrl("jdbc:postgresql://pg/x?ssl=true", "u", "p")
        .debeziumConnectionProperties()).containsEntry("database.sslmode", "verify-full");
    assertThat(RelayDatabase.fromJdbcUrl("jdbc:postgresql://pg/x?ssl=true&sslmode=require", "u", "p")
        .debeziumConnectionProperties()).containsEntry("database.sslmode", "require");
    assertThat(RelayDatabase.fromJdbcUrl("jdbc:postgresql://pg/x", "u", "p")
        .debeziumConnectionProperties()).doesNotContainKey("database.sslmode");
  }

  @Test
  @DisplayName("percent-encoded parameter values are decoded as the driver decodes them")
  void decodesParameters() {
    RelayDatabase db = RelayDatabase.fromJdbcUrl(
        "jdbc:postgresql://pg/x?sslrootcert=%2Fetc%2Fmy%20certs%2Froot.crt", "u", "p");
    assertThat(db.debeziumConnectionProperties())
        .containsEntry("database.sslrootcert", "/etc/my certs/root.crt");
  }

  @Test
  @DisplayName("credentials in the URL are used when no username or password is configured, never passed as driver settings")
  void credentialsFromUrl() {
    RelayDatabase db = RelayDatabase.fromJdbcUrl("jdbc:postgresql://pg/x?user=relay&password=s3cret",
        null, null);
    assertThat(db.debeziumConnectionProperties())
        .containsEntry("database.user", "relay")
        .containsEntry("database.password", "s3cret")
        .doesNotContainKeys("driver.user", "driver.password");
  }

  @Test
  @DisplayName("a multi-host URL is refused, naming the hosts and what to configure instead")
  void refusesSeveralHosts() {
    assertThatThrownBy(() -> RelayDatabase.fromJdbcUrl(
        "jdbc:postgresql://h1:5432,h2:5432/db?targetServerType=primary", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("h1,h2")
        .hasMessageContaining("one database host")
        .hasMessageContaining("primary");
  }
}
