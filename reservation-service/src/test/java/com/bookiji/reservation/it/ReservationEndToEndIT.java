package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.web.Role;
import com.bookiji.stripesim.StripeSimulator;
import com.bookiji.stripesim.StripeSimulatorConfig;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.PaymentIntentConfirmParams;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Start here: one reservation from {@code POST /reservations} to {@code CONFIRMED} across the
 * services — reservation-service, payment-service (stripe-java against the Stripe simulator, with
 * signed webhooks), availability-service — over the real broker, PostgreSQL and Debezium, all in
 * this JVM with a database each. The frontend confirms the card at the simulator with the client
 * secret the reservation exposes, the vendor confirms through the API.
 *
 * <p>availability-service is started from its plain jar when that is on the classpath; while its
 * module publishes only a repackaged jar, the test plays it on the broker instead (and says so).
 */
@DisplayName("End to end: a reservation from POST to CONFIRMED across the services")
class ReservationEndToEndIT {

  private static final Logger log = LoggerFactory.getLogger(ReservationEndToEndIT.class);
  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final TestClock clock = new TestClock();
  static StripeSimulator simulator;
  static ConfigurableApplicationContext payment;
  static ConfigurableApplicationContext availability;
  static ReservationApp reservation;
  static OtherServices others;
  static Responder availabilityPlayer;
  static Api api;
  static final Map<String, String> playedSlotVendors = new ConcurrentHashMap<>();

  @BeforeAll
  static void startAll() {
    simulator = StripeSimulator.start(StripeSimulatorConfig.builder()
        .webhookRetryInitialDelay(Duration.ofMillis(200)).build());
    Class<?> paymentApp = ForeignService.find("com.bookiji.payment.PaymentServiceApplication")
        .orElseThrow(() -> new IllegalStateException("payment-service's plain jar is not on the test classpath"));
    TestDatabase paymentDb = infra.createDatabase("payment_e2e");
    payment = ForeignService.start(paymentApp, paymentDb, Map.of(
        "bookiji.stripe.api-base", simulator.baseUrl(),
        "bookiji.stripe.api-key", "sk_test_bookiji"));
    simulator.control().addWebhookEndpoint(ForeignService.baseUrl(payment) + "/stripe/webhooks", null);

    others = new OtherServices();
    Optional<Class<?>> availabilityApp = ForeignService.find("com.bookiji.availability.AvailabilityServiceApplication");
    if (availabilityApp.isPresent()) {
      availability = ForeignService.start(availabilityApp.get(), infra.createDatabase("availability_e2e"), Map.of());
    } else {
      log.warn("availability-service's plain jar is not on the classpath: playing availability on the broker");
      availabilityPlayer = new Responder(others, clock, playedSlotVendors, false);
    }
    reservation = ReservationApp.start(infra.createDatabase("reservation_e2e"), clock, Map.of());
    api = new Api(reservation::baseUrl);
  }

  @AfterAll
  static void stopAll() {
    if (availabilityPlayer != null) {
      availabilityPlayer.close();
    }
    if (reservation != null) {
      reservation.close();
    }
    if (availability != null) {
      availability.close();
    }
    if (payment != null) {
      payment.close();
    }
    if (others != null) {
      others.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  @DisplayName("hold, card authorized at Stripe, vendor confirms, booking committed, payment captured: CONFIRMED")
  void reservationGoesFromPostToConfirmed() throws Exception {
    String vendor = "vendor-" + UUID.randomUUID();
    String requester = "requester-" + UUID.randomUUID();
    String slotId = createSlot(vendor, 4200);

    Api.Response created = api.reserve(requester, slotId, UUID.randomUUID().toString());
    assertThat(created.status()).as(created.raw()).isEqualTo(202);
    String id = created.text("id");

    JsonNode awaiting = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json(),
            r -> r.get("payment").hasNonNull("clientSecret"));
    assertThat(awaiting.get("state").asText()).isEqualTo("AWAITING_CONFIRMATIONS");
    assertThat(awaiting.get("amount").get("amountMinor").asLong()).isEqualTo(4200);
    String clientSecret = awaiting.get("payment").get("clientSecret").asText();

    // The frontend confirms the card with the publishable key; Stripe's webhook tells payment-service.
    customerConfirms(clientSecret, "pm_card_visa");
    assertThat(api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);

    JsonNode confirmed = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api.reservation(id, requester, Role.REQUESTER).json(),
            r -> r.get("state").asText().equals("CONFIRMED") || r.get("terminal").asBoolean());
    assertThat(confirmed.get("state").asText()).as(confirmed.toString()).isEqualTo("CONFIRMED");
    assertThat(confirmed.get("payment").get("status").asText()).isEqualTo("CAPTURED");

    String intents = simulator.control().paymentIntents().toString();
    String intentId = clientSecret.substring(0, clientSecret.indexOf("_secret"));
    assertThat(intents).contains(intentId);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        simulator.control().paymentIntents().toString().contains("\"succeeded\""));
  }

  private static String createSlot(String vendor, long priceMinor) {
    if (availability == null) {
      String slot = "slot-" + UUID.randomUUID();
      playedSlotVendors.put(slot, vendor);
      return slot;
    }
    Instant starts = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.HOURS);
    Api vendorApi = new Api(() -> ForeignService.baseUrl(availability));
    Api.Response slot = vendorApi.post("/vendors/" + vendor + "/slots", vendorApi.token(vendor, Role.VENDOR),
        Map.of("startsAt", starts.toString(), "endsAt", starts.plus(Duration.ofHours(1)).toString(),
            "timeZone", "Europe/Berlin", "priceAmountMinor", priceMinor, "currency", "EUR"), null);
    assertThat(slot.status()).as(slot.raw()).isEqualTo(201);
    return slot.text("id");
  }

  private static void customerConfirms(String clientSecret, String paymentMethod) {
    String intentId = clientSecret.substring(0, clientSecret.indexOf("_secret"));
    StripeClient publishable = StripeClient.builder().setApiKey("pk_test_bookiji")
        .setApiBase(simulator.baseUrl()).build();
    try {
      publishable.v1().paymentIntents().confirm(intentId, PaymentIntentConfirmParams.builder()
          .setPaymentMethod(paymentMethod).putExtraParam("client_secret", clientSecret).build());
    } catch (StripeException e) {
      throw new IllegalStateException("the simulator refused the confirmation", e);
    }
  }
}
