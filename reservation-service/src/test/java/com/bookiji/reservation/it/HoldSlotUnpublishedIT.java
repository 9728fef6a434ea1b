package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.testkit.TestClock;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.web.Role;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A HoldSlot that never left reservation-service's own outbox (its relay is off here, as when the
 * relay is stuck): the reservation expires on its hold response deadline, and the reason says the
 * command was not yet published, so on-call opens reservation-service rather than availability.
 */
@DisplayName("a reservation whose HoldSlot is still in reservation-service's outbox")
class HoldSlotUnpublishedIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final TestDatabase db = infra.createDatabase("reservation_unpublished");
  static final TestClock clock = TestClock.runningFromNow();
  static ReservationApp app;
  static Api api;

  @BeforeAll
  static void start() {
    app = ReservationApp.start(db, clock, Map.of("bookiji.outbox.relay.enabled", "false"));
    api = new Api(app::baseUrl);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  @DisplayName("expires saying HoldSlot was not yet published, since when, and to look at reservation-service's relay")
  void expiresNamingItsOwnOutbox() throws SQLException {
    String requester = "requester-" + UUID.randomUUID();
    Api.Response created = api.reserve(requester, UUID.randomUUID().toString(), UUID.randomUUID().toString());
    assertThat(created.status()).as(created.raw()).isEqualTo(202);
    String id = created.text("id");
    assertThat(outboxRows(id)).as("the HoldSlot waits in the outbox").isEqualTo(1);

    clock.advance(Duration.ofSeconds(31)); // past the 30-second hold response deadline

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
        api.reservation(id, requester, Role.REQUESTER).json().path("outcomeDetail").asText().contains("HoldSlot was not yet published"));
    String detail = api.reservation(id, requester, Role.REQUESTER).json().path("outcomeDetail").asText();
    assertThat(detail).contains("still in reservation-service's own outbox", "look at reservation-service's outbox relay")
        .doesNotContain("availability did not answer");
  }

  private static int outboxRows(String reservationId) throws SQLException {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'HoldSlot'")) {
      ps.setString(1, reservationId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
