package com.bookiji.platform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BookingClientTest {

  private static final String ID = "7f1c2a5e-0000-4000-8000-000000000001";

  /** An answer of reservation-service as it sends it (field names from its ReservationResponse). */
  static String reservation(String state, boolean terminal, String clientSecret) {
    return """
        {"id":"%s","slotId":"slot-1","requesterId":"alice","vendorId":"bob","state":"%s","terminal":%s,
         "outcomeDetail":null,"amount":{"amountMinor":4500,"currency":"EUR"},
         "slot":{"startsAt":"2026-12-05T09:00:00Z","endsAt":"2026-12-05T09:45:00Z"},
         "vendorDecision":"PENDING","payment":{"status":"STARTED","clientSecret":%s},
         "deadlines":{"VENDOR_DECISION":"2026-12-03T13:10:00Z"},
         "createdAt":"2026-12-03T13:00:00Z","updatedAt":"2026-12-03T13:00:01Z",
         "timeline":[{"seq":1,"at":"2026-12-03T13:00:01Z","fromState":"HOLD_PENDING","toState":"%s","trigger":"SlotHeld","note":null}],
         "links":{"self":"/reservations/%s","events":"/reservations/%s/events"},
         "aFieldAddedLater":{"nested":true}}
        """.formatted(ID, state, terminal, clientSecret == null ? "null" : "\"" + clientSecret + "\"", state, ID, ID);
  }

  private FakeApi reservations;
  private FakeApi availability;
  private BookingClient client;

  @BeforeEach
  void start() throws Exception {
    reservations = new FakeApi();
    availability = new FakeApi();
    client = new BookingClient(reservations.uri(), availability.uri());
  }

  @AfterEach
  void stop() {
    reservations.close();
    availability.close();
  }

  @Test
  @DisplayName("reserve sends the slot, the bearer token and the Idempotency-Key, and reads the reservation and the replay flag")
  void reserve() throws Exception {
    reservations.json("POST /reservations", 202, reservation("HOLD_PENDING", false, null),
        Map.of("Idempotent-Replayed", "true", "Location", "/reservations/" + ID));

    Placed placed = client.reserve("requester-token", "slot-1", "key-1");

    FakeApi.Received sent = reservations.last();
    assertThat(sent.header("Authorization")).isEqualTo("Bearer requester-token");
    assertThat(sent.header("Idempotency-Key")).isEqualTo("key-1");
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    assertThat(BookingClient.JSON.readTree(sent.body())).isEqualTo(BookingClient.JSON.readTree("{\"slotId\":\"slot-1\"}"));
    assertThat(placed.replayed()).isTrue();
    Reservation r = placed.reservation();
    assertThat(r.id()).isEqualTo(ID);
    assertThat(r.state()).isEqualTo("HOLD_PENDING");
    assertThat(r.amount()).isEqualTo(new Reservation.Money(4500, "EUR"));
    assertThat(r.slot().startsAt()).isEqualTo(Instant.parse("2026-12-05T09:00:00Z"));
    assertThat(r.deadlines()).containsEntry("VENDOR_DECISION", Instant.parse("2026-12-03T13:10:00Z"));
    assertThat(r.timeline()).singleElement().satisfies(line -> {
      assertThat(line.trigger()).isEqualTo("SlotHeld");
      assertThat(line.at()).isEqualTo(Instant.parse("2026-12-03T13:00:01Z"));
    });
    assertThat(r.entered("HOLD_PENDING")).isPresent();
    assertThat(r.links().events()).isEqualTo("/reservations/" + ID + "/events");
    assertThat(r.clientSecret()).isEmpty();
  }

  @Test
  @DisplayName("a first answer without the replay header is not a replay")
  void firstAnswerIsNoReplay() throws Exception {
    reservations.json("POST /reservations", 202, reservation("HOLD_PENDING", false, null), Map.of());

    assertThat(client.reserve("t", "slot-1", "key-1").replayed()).isFalse();
  }

  @Test
  @DisplayName("terminal is the API's flag, not a list of state names the client keeps")
  void terminalIsTheApisFlag() throws Exception {
    reservations.json("GET /reservations/" + ID, 200, reservation("A_STATE_ADDED_LATER", true, null), Map.of());
    assertThat(client.reservation("t", ID).terminal()).isTrue();

    reservations.json("GET /reservations/" + ID, 200, reservation("CONFIRMED", false, null), Map.of());
    assertThat(client.reservation("t", ID).terminal()).isFalse();
  }

  @Test
  @DisplayName("a poll sends the last ETag back: 304 means unchanged (empty), 200 brings the new reservation and ETag")
  void conditionalRead() throws Exception {
    reservations.json("GET /reservations/" + ID, 200, reservation("AWAITING_CONFIRMATIONS", false, "pi_1_secret_x"),
        Map.of("ETag", "\"3-requester\""));
    StatusRead first = client.read("t", ID);
    assertThat(first.etag()).isEqualTo("\"3-requester\"");
    assertThat(first.reservation().clientSecret()).contains("pi_1_secret_x");
    assertThat(reservations.last().header("If-None-Match")).isNull();

    reservations.answer("GET /reservations/" + ID, 304, "application/json", "", Map.of("ETag", "\"3-requester\""));
    assertThat(client.readIfChanged("t", first)).isEmpty();
    assertThat(reservations.last().header("If-None-Match")).isEqualTo("\"3-requester\"");

    reservations.json("GET /reservations/" + ID, 200, reservation("CONFIRMED", true, null), Map.of("ETag", "\"7-requester\""));
    Optional<StatusRead> changed = client.readIfChanged("t", first);
    assertThat(changed).hasValueSatisfying(read -> {
      assertThat(read.etag()).isEqualTo("\"7-requester\"");
      assertThat(read.reservation().state()).isEqualTo("CONFIRMED");
      assertThat(read.reservation().terminal()).isTrue();
    });
  }

  @Test
  @DisplayName("a problem+json refusal surfaces as its status and stable code, with the detail and the body")
  void problemSurfaces() {
    reservations.problem("POST /reservations", 409, "IDEMPOTENCY_KEY_IN_USE");

    assertThatThrownBy(() -> client.reserve("t", "slot-1", "key-1"))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.code()).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
          assertThat(e.detail()).isEqualTo("because of IDEMPOTENCY_KEY_IN_USE");
          assertThat(e.request()).isEqualTo("POST /reservations");
          assertThat(e.describe()).isEqualTo("HTTP 409 IDEMPOTENCY_KEY_IN_USE");
          assertThat(e.body()).contains("\"code\":\"IDEMPOTENCY_KEY_IN_USE\"");
        });
  }

  @Test
  @DisplayName("an error that is not problem+json keeps its status and has no code")
  void nonProblemError() {
    reservations.answer("POST /reservations/" + ID + "/cancel", 502, "text/html", "<html>bad gateway</html>", Map.of());

    assertThatThrownBy(() -> client.cancel("t", ID))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.code()).isNull();
          assertThat(e.describe()).isEqualTo("HTTP 502");
        });
  }

  @Test
  @DisplayName("a status read of an unknown reservation is refused with its code, not read as an empty reservation")
  void unknownReservation() {
    reservations.problem("GET /reservations/" + ID, 404, "RESERVATION_NOT_FOUND");

    assertThatThrownBy(() -> client.reservation("t", ID))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("RESERVATION_NOT_FOUND"));
  }

  @Test
  @DisplayName("the vendor's decision and the requester's cancel go to their endpoints with their bodies")
  void decideAndCancel() throws Exception {
    reservations.json("POST /reservations/" + ID + "/vendor-decision", 202, reservation("AWAITING_CONFIRMATIONS", false, null), Map.of());
    reservations.json("POST /reservations/" + ID + "/cancel", 202, reservation("COMPENSATING", false, null), Map.of());

    client.decide("vendor-token", ID, VendorDecision.DECLINE, "fully booked");
    assertThat(BookingClient.JSON.readTree(reservations.last().body()))
        .isEqualTo(BookingClient.JSON.readTree("{\"decision\":\"DECLINE\",\"reason\":\"fully booked\"}"));
    assertThat(reservations.last().header("Authorization")).isEqualTo("Bearer vendor-token");

    assertThat(client.cancel("t", ID).state()).isEqualTo("COMPENSATING");
    assertThat(reservations.last().method()).isEqualTo("POST");
  }

  @Test
  @DisplayName("a page of reservations is asked for with encoded filters and read with its cursor")
  void listing() throws Exception {
    reservations.json("GET /reservations", 200,
        "{\"items\":[" + reservation("EXPIRED", true, null) + "],\"nextCursor\":\"c2\"}", Map.of());

    ReservationPage page = client.reservations("ops", new java.util.LinkedHashMap<>(Map.of("vendorId", "v 1")));

    assertThat(reservations.last().query()).isEqualTo("vendorId=v+1");
    assertThat(page.items()).singleElement().satisfies(r -> assertThat(r.terminal()).isTrue());
    assertThat(page.nextCursor()).isEqualTo("c2");
  }

  @Test
  @DisplayName("slots are created one by one or in a batch at availability-service, by the vendor in the path")
  void slots() throws Exception {
    String slot = """
        {"id":"s1","vendorId":"bob","startsAt":"2026-12-05T09:00:00Z","endsAt":"2026-12-05T09:30:00Z",
         "timeZone":"Europe/Berlin","localStartsAt":"2026-12-05T10:00+01:00","localEndsAt":"2026-12-05T10:30+01:00",
         "priceAmountMinor":4500,"currency":"EUR","state":"FREE","heldUntil":null,"version":0}""";
    availability.json("POST /vendors/bob/slots", 201, slot, Map.of());
    availability.json("POST /vendors/bob/slots/batch", 201, "[" + slot + "," + slot.replace("s1", "s2") + "]", Map.of());
    NewSlot wanted = NewSlot.of(Instant.parse("2026-12-05T09:00:00Z"), Duration.ofMinutes(30), "Europe/Berlin", 4500, "EUR");

    assertThat(client.createSlot("v", "bob", wanted).state()).isEqualTo("FREE");
    assertThat(BookingClient.JSON.readTree(availability.last().body()).path("endsAt").asString())
        .isEqualTo("2026-12-05T09:30:00Z");
    List<Slot> batch = client.createSlots("v", "bob", List.of(wanted, wanted));
    assertThat(batch).extracting(Slot::id).containsExactly("s1", "s2");
    assertThat(BookingClient.JSON.readTree(availability.last().body()).path("slots")).hasSize(2);
  }

  @Test
  @DisplayName("Stripe.js's step: the card is confirmed with the publishable key; a decline keeps Stripe's codes")
  void cardConfirmation() throws Exception {
    try (FakeApi stripe = new FakeApi()) {
      StripeJs browser = new StripeJs(stripe.uri(), "pk_test_x", BookingClient.defaultHttpClient());
      stripe.json("POST /v1/payment_intents/pi_1/confirm", 200, "{\"id\":\"pi_1\",\"status\":\"requires_capture\"}", Map.of());
      StripeJs.Confirmation ok = browser.confirmCard("pi_1_secret_abc", "pm_card_visa");
      assertThat(ok.ok()).isTrue();
      assertThat(ok.describe()).isEqualTo("requires_capture");
      assertThat(stripe.last().header("Authorization")).isEqualTo("Bearer pk_test_x");
      assertThat(stripe.last().body()).isEqualTo("client_secret=pi_1_secret_abc&payment_method=pm_card_visa");

      stripe.json("POST /v1/payment_intents/pi_1/confirm", 402,
          "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\"generic_decline\"}}", Map.of());
      StripeJs.Confirmation declined = browser.confirmCard("pi_1_secret_abc", "pm_card_chargeDeclined");
      assertThat(declined.ok()).isFalse();
      assertThat(declined.describe()).isEqualTo("HTTP 402 card_declined (generic_decline)");
    }
    assertThatThrownBy(() -> StripeJs.intentOf("no-secret")).isInstanceOf(IllegalArgumentException.class);
  }
}
