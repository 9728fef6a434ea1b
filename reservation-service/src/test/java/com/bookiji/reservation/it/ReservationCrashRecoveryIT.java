package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.web.Role;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.CommitHold;
import com.bookiji.schemas.payment.CapturePayment;
import com.bookiji.schemas.payment.VoidPayment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The service is killed (relay, consumers and schedulers die without a goodbye) in the middle of
 * many sagas, twice, and restarted on the same database: every saga resumes and completes, events
 * published while it was down are consumed, deadlines that came due while it was down fire, and no
 * step is taken twice (one CommitHold and one CapturePayment decision per reservation).
 */
@DisplayName("Crash recovery of the reservation service")
class ReservationCrashRecoveryIT {

  /** Step retries would legitimately re-send commands when the test moves the clock; keep them out. */
  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.notStarted("reservation_crash", Map.of(
      "bookiji.reservation.commit-response-timeout", "1h",
      "bookiji.reservation.capture-response-timeout", "1h"));

  @Test
  @DisplayName("killed twice mid-flight and restarted: every saga ends CONFIRMED or EXPIRED, nothing done twice")
  void everySagaResumes() {
    Map<String, String> slotVendor = new ConcurrentHashMap<>();
    sut.startService();
    List<String[]> trips = new ArrayList<>(); // {id, requester, vendor}
    try (Responder responder = new Responder(sut.others, sut.clock, slotVendor)) {
      for (int i = 0; i < 8; i++) {
        String requester = "requester-" + UUID.randomUUID();
        String vendor = "vendor-" + UUID.randomUUID();
        String slot = UUID.randomUUID().toString();
        slotVendor.put(slot, vendor);
        Api.Response r = sut.api.reserve(requester, slot, UUID.randomUUID().toString());
        assertThat(r.status()).isEqualTo(202);
        trips.add(new String[] {r.text("id"), requester, vendor});
      }
      // Crash while holds and authorizations are in flight.
      await().atMost(Duration.ofSeconds(120)).until(() -> sut.others.records(Topic.AVAILABILITY_EVENTS, trips.get(0)[0]).size() > 0);
      sut.killService();

      sut.startService();
      for (String[] t : trips) {
        await().atMost(Duration.ofSeconds(120)).until(() ->
            "AWAITING_CONFIRMATIONS".equals(sut.api.reservation(t[0], t[1], Role.REQUESTER).text("state"))
                && "AUTHORIZED".equals(sut.api.reservation(t[0], t[1], Role.REQUESTER).json().get("payment").get("status").asText()));
      }
      // The last vendor never answers; everyone else confirms. Crash again while commits and captures fly.
      for (String[] t : trips.subList(0, trips.size() - 1)) {
        assertThat(sut.api.vendorDecision(t[0], t[2], "CONFIRM").status()).isEqualTo(202);
      }
      sut.killService();
      // While the service is down, the slow vendor's deadline passes.
      sut.clock.advance(Duration.ofMinutes(11));

      sut.startService();
      for (String[] t : trips.subList(0, trips.size() - 1)) {
        await().atMost(Duration.ofSeconds(90)).until(() ->
            "CONFIRMED".equals(sut.api.reservation(t[0], t[1], Role.REQUESTER).text("state")));
      }
      String[] slow = trips.get(trips.size() - 1);
      await().atMost(Duration.ofSeconds(90)).until(() ->
          "EXPIRED".equals(sut.api.reservation(slow[0], slow[1], Role.REQUESTER).text("state")));
      assertThat(sut.others.distinctCommands(slow[0], Topic.PAYMENT_COMMANDS, VoidPayment.class)).isEqualTo(1);
    }
    for (String[] t : trips.subList(0, trips.size() - 1)) {
      assertThat(sut.others.distinctCommands(t[0], Topic.AVAILABILITY_COMMANDS, CommitHold.class)).as(t[0]).isEqualTo(1);
      assertThat(sut.others.distinctCommands(t[0], Topic.PAYMENT_COMMANDS, CapturePayment.class)).as(t[0]).isEqualTo(1);
      assertThat(sut.api.reservation(t[0], t[1], Role.REQUESTER).json().get("timeline").valueStream()
          .filter(line -> "CONFIRMED".equals(line.get("toState").asText())).count()).as(t[0]).isEqualTo(1);
    }
  }
}
