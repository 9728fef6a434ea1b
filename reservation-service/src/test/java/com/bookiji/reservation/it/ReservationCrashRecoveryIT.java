package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.testkit.TestClock;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
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
import org.junit.jupiter.api.AfterAll;
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

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final TestDatabase db = infra.createDatabase("reservation_crash");
  static final TestClock clock = TestClock.runningFromNow();
  static ReservationApp app;
  static final OtherServices others = new OtherServices();
  /** Step retries would legitimately re-send commands when the test moves the clock; keep them out. */
  static final Map<String, String> STEP_TIMEOUTS = Map.of(
      "bookiji.reservation.commit-response-timeout", "1h",
      "bookiji.reservation.capture-response-timeout", "1h");

  @AfterAll
  static void stop() {
    others.close();
    if (app != null) {
      app.close();
    }
  }

  @Test
  @DisplayName("killed twice mid-flight and restarted: every saga ends CONFIRMED or EXPIRED, nothing done twice")
  void everySagaResumes() {
    Map<String, String> slotVendor = new ConcurrentHashMap<>();
    Api api = new Api(() -> app.baseUrl());
    app = ReservationApp.start(db, clock, STEP_TIMEOUTS);
    List<String[]> trips = new ArrayList<>(); // {id, requester, vendor}
    try (Responder responder = new Responder(others, clock, slotVendor)) {
      for (int i = 0; i < 8; i++) {
        String requester = "requester-" + UUID.randomUUID();
        String vendor = "vendor-" + UUID.randomUUID();
        String slot = UUID.randomUUID().toString();
        slotVendor.put(slot, vendor);
        Api.Response r = api.reserve(requester, slot, UUID.randomUUID().toString());
        assertThat(r.status()).isEqualTo(202);
        trips.add(new String[] {r.text("id"), requester, vendor});
      }
      // Crash while holds and authorizations are in flight.
      await().atMost(Duration.ofSeconds(120)).until(() -> others.records(Topic.AVAILABILITY_EVENTS, trips.get(0)[0]).size() > 0);
      app.kill();

      app = ReservationApp.start(db, clock, STEP_TIMEOUTS);
      for (String[] t : trips) {
        await().atMost(Duration.ofSeconds(120)).until(() ->
            "AWAITING_CONFIRMATIONS".equals(api.reservation(t[0], t[1], Role.REQUESTER).text("state"))
                && "AUTHORIZED".equals(api.reservation(t[0], t[1], Role.REQUESTER).json().get("payment").get("status").asText()));
      }
      // The last vendor never answers; everyone else confirms. Crash again while commits and captures fly.
      for (String[] t : trips.subList(0, trips.size() - 1)) {
        assertThat(api.vendorDecision(t[0], t[2], "CONFIRM").status()).isEqualTo(202);
      }
      app.kill();
      // While the service is down, the slow vendor's deadline passes.
      clock.advance(Duration.ofMinutes(11));

      app = ReservationApp.start(db, clock, STEP_TIMEOUTS);
      for (String[] t : trips.subList(0, trips.size() - 1)) {
        await().atMost(Duration.ofSeconds(90)).until(() ->
            "CONFIRMED".equals(api.reservation(t[0], t[1], Role.REQUESTER).text("state")));
      }
      String[] slow = trips.get(trips.size() - 1);
      await().atMost(Duration.ofSeconds(90)).until(() ->
          "EXPIRED".equals(api.reservation(slow[0], slow[1], Role.REQUESTER).text("state")));
      assertThat(distinctCommands(slow[0], Topic.PAYMENT_COMMANDS, VoidPayment.class)).isEqualTo(1);
    }
    for (String[] t : trips.subList(0, trips.size() - 1)) {
      assertThat(distinctCommands(t[0], Topic.AVAILABILITY_COMMANDS, CommitHold.class)).as(t[0]).isEqualTo(1);
      assertThat(distinctCommands(t[0], Topic.PAYMENT_COMMANDS, CapturePayment.class)).as(t[0]).isEqualTo(1);
      assertThat(api.reservation(t[0], t[1], Role.REQUESTER).json().get("timeline").valueStream()
          .filter(line -> "CONFIRMED".equals(line.get("toState").asText())).count()).as(t[0]).isEqualTo(1);
    }
  }

  /** Commands the service decided to send: distinct eventIds (a relay may re-deliver a record after a crash). */
  static long distinctCommands(String id, Topic topic, Class<?> type) {
    return others.records(topic, id).stream()
        .filter(r -> type.getSimpleName().equals(r.header(MessageHeaders.EVENT_TYPE)))
        .map(r -> r.header(MessageHeaders.EVENT_ID)).distinct().count();
  }
}
