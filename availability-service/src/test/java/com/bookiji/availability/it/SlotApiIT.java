package com.bookiji.availability.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import com.bookiji.schemas.availability.HoldCommitRejected;
import com.bookiji.schemas.availability.HoldCommitRejectionReason;
import com.bookiji.schemas.availability.HoldCommitted;
import com.bookiji.schemas.availability.SlotHeld;
import com.bookiji.schemas.availability.SlotHoldRejected;
import com.bookiji.schemas.availability.SlotHoldRejectionReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.avro.specific.SpecificRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The vendor availability API over real HTTP, with real tokens, and its interplay with holds. */
class SlotApiIT {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final TokenMinter MINTER = new TokenMinter(AvailabilityInstance.JWT_SECRET);
  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.start("availability_api");
  static final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, String contentType, JsonNode body, String raw) {
    String code() {
      return body == null || body.get("code") == null ? null : body.get("code").asString();
    }
  }

  static String token(String subject, Role role) {
    return MINTER.mint(new Actor(subject, role), Duration.ofMinutes(10));
  }

  static Reply call(String method, String path, String token, Object body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sut.service().baseUrl() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    String json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
    return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), node,
        r.body());
  }

  static java.util.Map<String, Object> slot(Instant start, int minutes, long price) {
    return java.util.Map.of("startsAt", start.toString(),
        "endsAt", start.plus(Duration.ofMinutes(minutes)).toString(),
        "timeZone", "Europe/Berlin", "priceAmountMinor", price, "currency", "EUR");
  }

  static Instant tomorrowAt(int hour) {
    return Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS)
        .plus(Duration.ofHours(hour));
  }

  static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.code()).as(r.raw()).isEqualTo(code);
  }

  @Test
  @DisplayName("a vendor creates slots, lists them with state, and overlapping slots are refused SLOT_OVERLAP")
  void createListOverlap() throws Exception {
    String vendor = "vendor-api-1";
    String t = token(vendor, Role.VENDOR);
    Reply created = call("POST", "/vendors/" + vendor + "/slots", t, slot(tomorrowAt(9), 60, 4500));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().get("state").asString()).isEqualTo("FREE");
    assertThat(created.body().get("localStartsAt").asString()).contains("+01:00");

    assertProblem(call("POST", "/vendors/" + vendor + "/slots", t, slot(tomorrowAt(9).plusSeconds(1800), 60, 1)),
        409, "SLOT_OVERLAP");
    Reply adjacent = call("POST", "/vendors/" + vendor + "/slots", t, slot(tomorrowAt(10), 60, 1));
    assertThat(adjacent.status()).as("back-to-back is not an overlap").isEqualTo(201);
    Reply otherVendor = call("POST", "/vendors/vendor-api-2/slots", token("vendor-api-2", Role.VENDOR),
        slot(tomorrowAt(9), 60, 1));
    assertThat(otherVendor.status()).as("another vendor may use the same time").isEqualTo(201);

    Reply batch = call("POST", "/vendors/" + vendor + "/slots/batch", t, java.util.Map.of("slots",
        java.util.List.of(slot(tomorrowAt(12), 30, 1), slot(tomorrowAt(12).plusSeconds(600), 30, 1))));
    assertProblem(batch, 409, "SLOT_OVERLAP");

    Reply list = call("GET", "/vendors/" + vendor + "/slots?from=" + tomorrowAt(0) + "&to="
        + tomorrowAt(23), token("someone", Role.REQUESTER), null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).hasSize(2);
    assertThat(list.body().get(0).get("startsAt").asString()).isEqualTo(tomorrowAt(9).toString());
  }

  @Test
  @DisplayName("only the vendor itself may change its slots: 401 without token, 403 other vendor or requester")
  void ownership() throws Exception {
    String vendor = "vendor-api-owner";
    Reply created = call("POST", "/vendors/" + vendor + "/slots", token(vendor, Role.VENDOR),
        slot(tomorrowAt(14), 60, 100));
    String path = "/vendors/" + vendor + "/slots/" + created.body().get("id").asString();

    assertProblem(call("POST", path + "/block", null, null), 401, "UNAUTHENTICATED");
    assertProblem(call("POST", path + "/block", token("intruder", Role.VENDOR), null), 403,
        "NOT_SLOT_OWNER");
    assertProblem(call("POST", path + "/block", token(vendor, Role.REQUESTER), null), 403,
        "FORBIDDEN");
    assertProblem(call("DELETE", "/vendors/intruder/slots/" + created.body().get("id").asString(),
        token("intruder", Role.VENDOR), null), 403, "NOT_SLOT_OWNER");
    assertProblem(call("POST", "/vendors/" + vendor + "/slots", token(vendor, Role.VENDOR),
        "{\"startsAt\": \"not a time\"}"), 400, "MALFORMED_REQUEST");
    Reply invalid = call("POST", "/vendors/" + vendor + "/slots", token(vendor, Role.VENDOR),
        java.util.Map.of("startsAt", tomorrowAt(15).toString(), "currency", "eur"));
    assertProblem(invalid, 400, "VALIDATION_FAILED");
    assertProblem(call("POST", "/vendors/" + vendor + "/slots", token(vendor, Role.VENDOR),
        slot(tomorrowAt(16), 60, 100).entrySet().stream().collect(java.util.stream.Collectors.toMap(
            java.util.Map.Entry::getKey, e -> e.getKey().equals("endsAt") ? tomorrowAt(15).toString()
                : e.getValue()))), 422, "INVALID_SLOT_TIMES");
  }

  @Test
  @DisplayName("held and booked slots cannot be changed or deleted; blocking a held slot makes its commit fail")
  void slotStateRules() throws Exception {
    String vendor = "vendor-api-rules";
    String t = token(vendor, Role.VENDOR);
    String slotId = call("POST", "/vendors/" + vendor + "/slots", t, slot(tomorrowAt(18), 60, 100))
        .body().get("id").asString();
    String path = "/vendors/" + vendor + "/slots/" + slotId;

    String res = Cmd.newReservation("api-hold");
    sut.commands.publish(res, Cmd.hold(res, slotId, 300));
    SlotHeld held = awaitOne(res, SlotHeld.class);
    assertThat(call("GET", path, t, null).body().get("state").asString()).isEqualTo("HELD");
    assertProblem(call("PUT", path, t, slot(tomorrowAt(19), 60, 1)), 409, "SLOT_NOT_FREE");
    assertProblem(call("DELETE", path, t, null), 409, "SLOT_NOT_FREE");

    Reply blocked = call("POST", path + "/block", t, null);
    assertThat(blocked.body().get("state").asString()).isEqualTo("BLOCKED");
    sut.commands.publish(res, Cmd.commit(res, held.getHoldId()));
    assertThat(awaitOne(res, HoldCommitRejected.class).getReason())
        .isEqualTo(HoldCommitRejectionReason.AVAILABILITY_CHANGED);

    String blockedRes = Cmd.newReservation("api-blocked");
    sut.commands.publish(blockedRes, Cmd.hold(blockedRes, slotId, 300));
    assertThat(awaitOne(blockedRes, SlotHoldRejected.class).getReason())
        .isEqualTo(SlotHoldRejectionReason.SLOT_BLOCKED);

    assertThat(call("POST", path + "/unblock", t, null).body().get("state").asString())
        .isEqualTo("FREE");
    String booker = Cmd.newReservation("api-book");
    sut.commands.publish(booker, Cmd.hold(booker, slotId, 300));
    SlotHeld held2 = awaitOne(booker, SlotHeld.class);
    sut.commands.publish(booker, Cmd.commit(booker, held2.getHoldId()));
    awaitOne(booker, HoldCommitted.class);
    assertThat(call("GET", path, t, null).body().get("state").asString()).isEqualTo("BOOKED");
    assertProblem(call("POST", path + "/block", t, null), 409, "SLOT_BOOKED");
  }

  @Test
  @DisplayName("a slot priced 0 is refused 422 FREE_SLOT_NOT_SUPPORTED (create, batch, change) and nothing is stored; one stored before the rule cannot be held")
  void freeSlotsAreRefused() throws Exception {
    String vendor = "vendor-api-free";
    String t = token(vendor, Role.VENDOR);
    assertProblem(call("POST", "/vendors/" + vendor + "/slots", t, slot(tomorrowAt(6), 60, 0)),
        422, "FREE_SLOT_NOT_SUPPORTED");
    assertProblem(call("POST", "/vendors/" + vendor + "/slots/batch", t, java.util.Map.of("slots",
        java.util.List.of(slot(tomorrowAt(7), 30, 100), slot(tomorrowAt(8), 30, 0)))),
        422, "FREE_SLOT_NOT_SUPPORTED");
    assertThat(call("GET", "/vendors/" + vendor + "/slots?from=" + tomorrowAt(0) + "&to="
        + tomorrowAt(23), t, null).body()).as("nothing stored").isEmpty();

    String slotId = call("POST", "/vendors/" + vendor + "/slots", t, slot(tomorrowAt(9), 60, 100))
        .body().get("id").asString();
    String path = "/vendors/" + vendor + "/slots/" + slotId;
    assertProblem(call("PUT", path, t, slot(tomorrowAt(9), 60, 0)), 422, "FREE_SLOT_NOT_SUPPORTED");
    assertThat(call("GET", path, t, null).body().get("priceAmountMinor").asLong()).isEqualTo(100);

    // a slot priced 0 written before the rule existed
    new org.springframework.jdbc.core.JdbcTemplate(sut.db.dataSource()).update(
        "UPDATE slots SET price_amount_minor = 0 WHERE id = ?::uuid", slotId);
    String res = Cmd.newReservation("api-free");
    sut.commands.publish(res, Cmd.hold(res, slotId, 300));
    SlotHoldRejected rejected = awaitOne(res, SlotHoldRejected.class);
    assertThat(rejected.getReason()).isEqualTo(SlotHoldRejectionReason.SLOT_UNAVAILABLE);
    assertThat(rejected.getDetail()).contains("price 0");
    assertThat(call("GET", path, t, null).body().get("state").asString()).isEqualTo("FREE");
  }

  @Test
  @DisplayName("a free slot can be changed (its version grows) and deleted")
  void changeAndDelete() throws Exception {
    String vendor = "vendor-api-change";
    String t = token(vendor, Role.VENDOR);
    String slotId = call("POST", "/vendors/" + vendor + "/slots", t, slot(tomorrowAt(20), 60, 100))
        .body().get("id").asString();
    String path = "/vendors/" + vendor + "/slots/" + slotId;
    Reply changed = call("PUT", path, t, slot(tomorrowAt(21), 30, 999));
    assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
    assertThat(changed.body().get("priceAmountMinor").asLong()).isEqualTo(999);
    assertThat(changed.body().get("version").asInt()).isEqualTo(1);
    assertThat(call("DELETE", path, t, null).status()).isEqualTo(204);
    assertProblem(call("GET", path, t, null), 404, "SLOT_NOT_FOUND");
  }

  @Test
  @DisplayName("health, Prometheus metrics and the OpenAPI document are public; the document is the committed openapi.json")
  void operations() throws Exception {
    assertThat(call("GET", "/actuator/health/readiness", null, null).status()).isEqualTo(200);
    Reply docs = call("GET", "/v3/api-docs", null, null);
    assertThat(docs.raw()).contains("/vendors/{vendorId}/slots");
    tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
    tools.jackson.databind.node.ObjectNode served = (tools.jackson.databind.node.ObjectNode) json.readTree(docs.raw());
    served.remove("servers"); // the random test port
    String pretty = json.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
    java.nio.file.Path committed = java.nio.file.Path.of("openapi.json");
    java.nio.file.Path generated = java.nio.file.Path.of("target", "openapi.json");
    java.nio.file.Files.writeString(generated, pretty);
    assertThat(committed).as("commit the document: cp " + generated + " " + committed).exists();
    assertThat(java.nio.file.Files.readString(committed)).as("served API differs from the committed"
        + " openapi.json; review and copy " + generated.toAbsolutePath()).isEqualTo(pretty);
    assertThat(served.at("/paths/~1vendors~1{vendorId}~1slots/post/responses").has("201")).isTrue();
    assertThat(served.at("/components/schemas").has("ResponseEntity")).isFalse();
    HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(
        URI.create(sut.service().baseUrl() + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("bookiji_availability_holds_active",
        "bookiji_availability_holds_stuck", "bookiji_availability_bookings_active");
  }

  static <T extends SpecificRecord> T awaitOne(String res, Class<T> type) {
    Awaitility.await().atMost(WAIT).until(() -> !sut.events.of(res, type).isEmpty());
    return sut.events.of(res, type).get(0).as(type);
  }
}
