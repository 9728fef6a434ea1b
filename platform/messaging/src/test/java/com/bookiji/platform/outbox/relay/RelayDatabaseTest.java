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
}
