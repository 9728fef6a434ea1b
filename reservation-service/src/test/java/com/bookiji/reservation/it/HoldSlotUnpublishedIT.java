package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.web.Role;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A HoldSlot that never left reservation-service's own outbox (its relay is off here, as when the
 * relay is stuck): the reservation expires on its hold response deadline, and the reason says the
 * command was not yet published, so on-call opens reservation-service rather than availability.
 */
@DisplayName("a reservation whose HoldSlot is still in reservation-service's outbox")
class HoldSlotUnpublishedIT {

  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.start("reservation_unpublished",
      Map.of("bookiji.outbox.relay.enabled", "false"));

  @Test
  @DisplayName("expires saying HoldSlot was not yet published, since when, and to look at reservation-service's relay")
  void expiresNamingItsOwnOutbox() {
    String requester = "requester-" + UUID.randomUUID();
    Api.Response created = sut.api.reserve(requester, UUID.randomUUID().toString(), UUID.randomUUID().toString());
    assertThat(created.status()).as(created.raw()).isEqualTo(202);
    String id = created.text("id");
    assertThat(sut.outboxRows(id, "HoldSlot")).as("the HoldSlot waits in the outbox").isEqualTo(1);

    sut.clock.advance(Duration.ofSeconds(31)); // past the 30-second hold response deadline

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
        sut.api.reservation(id, requester, Role.REQUESTER).json().path("outcomeDetail").asText().contains("HoldSlot was not yet published"));
    String detail = sut.api.reservation(id, requester, Role.REQUESTER).json().path("outcomeDetail").asText();
    assertThat(detail).contains("still in reservation-service's own outbox", "look at reservation-service's outbox relay")
        .doesNotContain("availability did not answer");
  }

}
