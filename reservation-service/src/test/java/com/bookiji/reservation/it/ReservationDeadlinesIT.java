package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.web.Role;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.ReleaseHold;
import com.bookiji.schemas.payment.VoidPayment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one database fire durable deadlines: every deadline fires
 * exactly once (FOR UPDATE SKIP LOCKED per reservation), whichever instance takes it.
 */
@DisplayName("Durable deadlines with several instances")
class ReservationDeadlinesIT {

  static final ServiceUnderTest sut = ServiceUnderTest.notStarted("reservation_deadlines", Map.of());
  static ReservationApp second;

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    sut.close();
  }

  @Test
  @DisplayName("vendor deadlines of 10 reservations fire once each across two instances")
  void eachDeadlineFiresOnce() {
    sut.startService();
    second = sut.startAnotherInstance(Map.of("bookiji.reservation.deadline-poll-interval", "50ms"));
    Api api = sut.api;
    Api other = new Api(second::baseUrl);
    Map<String, String> slotVendor = new ConcurrentHashMap<>();
    List<String[]> trips = new ArrayList<>();
    try (Responder responder = new Responder(sut.others, sut.clock, slotVendor)) {
      for (int i = 0; i < 10; i++) {
        String requester = "requester-" + UUID.randomUUID();
        String slot = UUID.randomUUID().toString();
        slotVendor.put(slot, "vendor-" + UUID.randomUUID());
        Api.Response r = (i % 2 == 0 ? api : other).reserve(requester, slot, UUID.randomUUID().toString());
        assertThat(r.status()).isEqualTo(202);
        trips.add(new String[] {r.text("id"), requester});
      }
      for (String[] t : trips) {
        await().atMost(Duration.ofSeconds(120)).until(() ->
            "AUTHORIZED".equals(api.reservation(t[0], t[1], Role.REQUESTER).json().get("payment").get("status").asText()));
      }
      sut.clock.advance(Duration.ofMinutes(11)); // every vendor is too slow
      for (String[] t : trips) {
        await().atMost(Duration.ofSeconds(120)).until(() ->
            "EXPIRED".equals(other.reservation(t[0], t[1], Role.REQUESTER).text("state")));
      }
    }
    for (String[] t : trips) {
      assertThat(sut.others.distinctCommands(t[0], Topic.AVAILABILITY_COMMANDS, ReleaseHold.class)).as(t[0]).isEqualTo(1);
      assertThat(sut.others.distinctCommands(t[0], Topic.PAYMENT_COMMANDS, VoidPayment.class)).as(t[0]).isEqualTo(1);
      assertThat(api.reservation(t[0], t[1], Role.REQUESTER).json().get("timeline").valueStream()
          .filter(l -> "DeadlineFired(VENDOR_DECISION)".equals(l.get("trigger").asText())).count()).isEqualTo(1);
    }
  }
}
