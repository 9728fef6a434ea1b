package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.web.Role;
import com.bookiji.schemas.availability.HoldSlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The public REST API over real HTTP: idempotency, who may do what, listing, events, docs, metrics. */
@DisplayName("The reservation REST API")
class ReservationApiIT {

  @AutoClose
  static final ServiceUnderTest sut = ServiceUnderTest.start("reservation_api", Map.of(
      "bookiji.reservation.limits.max-awaiting-payment", "5",
      "bookiji.reservation.limits.reservations-per-period", "12",
      "bookiji.reservation.limits.period", "1h",
      "bookiji.reservation.sse.max-subscriptions", "20",
      // Nobody answers HoldSlot here: keep reservations HOLD_PENDING while a test counts them.
      "bookiji.reservation.hold-response-timeout", "10m"));

  static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static String withoutInstance(Api.Response r) {
    ObjectNode body = (ObjectNode) r.json();
    body.remove("instance");
    return body.toString();
  }

  /** Everything a POST by {@code requester} could have stored: reservations and idempotency keys. */
  static long storedFor(String requester) {
    return sut.rows("SELECT count(*) FROM reservations WHERE requester_id = ?", requester)
        + sut.rows("SELECT count(*) FROM idempotency_keys WHERE caller = ?", requester);
  }

  static void assertProblem(Api.Response r, int status, String code) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.text("code")).isEqualTo(code);
  }

  /** A reservation whose slot is held for {@code vendor}. */
  static String heldReservation(String requester, String vendor) {
    String slot = UUID.randomUUID().toString();
    Api.Response created = sut.api.reserve(requester, slot, newId("key"));
    String id = created.text("id");
    sut.others.awaitCommand(id, HoldSlot.class);
    sut.others.publish(id, new Events(id, slot, vendor).slotHeld(sut.clock.instant().plus(Duration.ofMinutes(15))));
    await().atMost(Duration.ofSeconds(120))
        .until(() -> "AWAITING_CONFIRMATIONS".equals(sut.api.reservation(id, requester, Role.REQUESTER).text("state")));
    return id;
  }

  @Nested
  @DisplayName("Idempotency-Key")
  class Idempotency {

    @Test
    @DisplayName("the same key and body replays the first response")
    void replay() {
      String requester = newId("requester");
      String key = newId("key");
      String slot = UUID.randomUUID().toString();
      Api.Response first = sut.api.reserve(requester, slot, key);
      Api.Response second = sut.api.reserve(requester, slot, key);
      assertThat(first.status()).isEqualTo(202);
      assertThat(second.status()).isEqualTo(202);
      assertThat(second.text("id")).isEqualTo(first.text("id"));
      assertThat(second.json()).isEqualTo(first.json());
      assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
      assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(sut.api.get("/reservations", sut.api.token(requester, Role.REQUESTER)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("the same key with another body is 422 and changes nothing")
    void conflict() {
      String requester = newId("requester");
      String key = newId("key");
      sut.api.reserve(requester, UUID.randomUUID().toString(), key);
      assertProblem(sut.api.reserve(requester, UUID.randomUUID().toString(), key), 422, "IDEMPOTENCY_KEY_REUSED");
      assertThat(sut.api.get("/reservations", sut.api.token(requester, Role.REQUESTER)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("concurrent duplicates create one reservation; the others get 409 or the replay")
    void concurrentDuplicates() throws Exception {
      String requester = newId("requester");
      String key = newId("key");
      String slot = UUID.randomUUID().toString();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return sut.api.reserve(requester, slot, key);
        }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<Api.Response> f : futures) {
        Api.Response r = f.get();
        assertThat(r.status()).as(r.raw()).isIn(202, 409);
        if (r.status() == 202) {
          ids.add(r.text("id"));
        } else {
          assertThat(r.text("code")).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
        }
      }
      pool.shutdown();
      assertThat(ids).hasSize(1);
      assertThat(sut.api.get("/reservations", sut.api.token(requester, Role.REQUESTER)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("keys are scoped to the caller")
    void scopedToCaller() {
      String key = newId("key");
      String slot = UUID.randomUUID().toString();
      Api.Response a = sut.api.reserve(newId("requester"), slot, key);
      Api.Response b = sut.api.reserve(newId("requester"), slot, key);
      assertThat(a.status()).isEqualTo(202);
      assertThat(b.status()).isEqualTo(202);
      assertThat(b.text("id")).isNotEqualTo(a.text("id"));
    }

    @Test
    @DisplayName("keys are kept for the configured time, then free again")
    void keptForConfiguredTime() {
      String requester = newId("requester");
      String key = newId("key");
      Api.Response first = sut.api.reserve(requester, UUID.randomUUID().toString(), key);
      sut.clock.advance(Duration.ofHours(25));
      Api.Response later = sut.api.reserve(requester, UUID.randomUUID().toString(), key);
      assertThat(later.status()).as(later.raw()).isEqualTo(202);
      assertThat(later.text("id")).isNotEqualTo(first.text("id"));
    }

    @Test
    @DisplayName("the header is required and bad input changes nothing")
    void headerRequired() {
      String requester = newId("requester");
      Api.Response r = sut.api.post("/reservations", sut.api.token(requester, Role.REQUESTER), Map.of("slotId", UUID.randomUUID().toString()), null);
      assertProblem(r, 400, "MISSING_HEADER");
      assertProblem(sut.api.post("/reservations", sut.api.token(requester, Role.REQUESTER), Map.of(), newId("key")),
          400, "VALIDATION_FAILED");
      assertThat(sut.api.get("/reservations", sut.api.token(requester, Role.REQUESTER)).json().get("items").size()).isZero();
    }
  }

  @Nested
  @DisplayName("Who may do what")
  class Authorization {

    @Test
    @DisplayName("no token or a bad token is 401 problem+json")
    void unauthenticated() {
      assertProblem(sut.api.get("/reservations", null), 401, "UNAUTHENTICATED");
      assertProblem(sut.api.get("/reservations", "not.a.token"), 401, "UNAUTHENTICATED");
      assertProblem(sut.api.post("/reservations", null, Map.of("slotId", UUID.randomUUID().toString()), newId("key")), 401, "UNAUTHENTICATED");
    }

    @Test
    @DisplayName("only requesters reserve, and only for themselves")
    void onlyRequestersReserve() {
      assertProblem(sut.api.post("/reservations", sut.api.token(newId("vendor"), Role.VENDOR), Map.of("slotId", UUID.randomUUID().toString()),
          newId("key")), 403, "FORBIDDEN");
      String requester = newId("requester");
      assertProblem(sut.api.post("/reservations", sut.api.token(requester, Role.REQUESTER),
          Map.of("slotId", UUID.randomUUID().toString(), "requesterId", newId("someone-else")), newId("key")), 403, "REQUESTER_MISMATCH");
    }

    @Test
    @DisplayName("a requester sees and cancels only its own reservations; another's answers 404 like none")
    void requesterOwnsItsReservations() {
      String owner = newId("requester");
      String id = sut.api.reserve(owner, UUID.randomUUID().toString(), newId("key")).text("id");
      String stranger = newId("requester");
      assertThat(sut.api.reservation(id, owner, Role.REQUESTER).status()).isEqualTo(200);
      Api.Response strangerReads = sut.api.reservation(id, stranger, Role.REQUESTER);
      assertProblem(strangerReads, 404, "RESERVATION_NOT_FOUND");
      assertProblem(sut.api.cancel(id, stranger), 404, "RESERVATION_NOT_FOUND");
      assertProblem(sut.api.get("/reservations/" + id + "/events", sut.api.token(stranger, Role.REQUESTER)),
          404, "RESERVATION_NOT_FOUND");
      String missing = UUID.randomUUID().toString();
      Api.Response nobodys = sut.api.reservation(missing, stranger, Role.REQUESTER);
      assertThat(withoutInstance(strangerReads)).as("a stranger cannot tell it exists")
          .isEqualTo(withoutInstance(nobodys).replace(missing, id));
      assertProblem(sut.api.get("/reservations?requesterId=" + owner, sut.api.token(stranger, Role.REQUESTER)),
          403, "NOT_YOUR_RESERVATIONS");
      assertProblem(sut.api.reservation(UUID.randomUUID().toString(), owner, Role.REQUESTER), 404, "RESERVATION_NOT_FOUND");
      assertThat(sut.api.reservation(id, "ops-1", Role.OPS).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("a vendor sees and decides only reservations for its own slots; another's answers 404")
    void vendorOwnsItsSlots() {
      String requester = newId("requester");
      String vendor = newId("vendor");
      String id = heldReservation(requester, vendor);
      String otherVendor = newId("vendor");
      assertThat(sut.api.reservation(id, vendor, Role.VENDOR).status()).isEqualTo(200);
      assertProblem(sut.api.reservation(id, otherVendor, Role.VENDOR), 404, "RESERVATION_NOT_FOUND");
      assertProblem(sut.api.vendorDecision(id, otherVendor, "CONFIRM"), 404, "RESERVATION_NOT_FOUND");
      assertProblem(sut.api.vendorDecision(UUID.randomUUID().toString(), otherVendor, "CONFIRM"), 404,
          "RESERVATION_NOT_FOUND");
      assertProblem(sut.api.post("/reservations/" + id + "/vendor-decision", sut.api.token(requester, Role.REQUESTER),
          Map.of("decision", "CONFIRM"), null), 403, "FORBIDDEN");
      assertProblem(sut.api.post("/reservations/" + id + "/cancel", sut.api.token(vendor, Role.VENDOR), null, null),
          403, "FORBIDDEN");
      assertThat(sut.api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);
      assertThat(sut.api.vendorDecision(id, vendor, "CONFIRM").status()).as("same decision again").isEqualTo(202);
      assertProblem(sut.api.vendorDecision(id, vendor, "DECLINE"), 409, "NOT_AWAITING_VENDOR");
      JsonNode vendorList = sut.api.get("/reservations", sut.api.token(vendor, Role.VENDOR)).json();
      assertThat(vendorList.get("items").size()).isEqualTo(1);
      assertThat(sut.api.get("/reservations", sut.api.token(otherVendor, Role.VENDOR)).json().get("items").size()).isZero();
    }
  }

  @Test
  @DisplayName("listing filters by state and pages with a cursor, newest first")
  void listingWithCursor() {
    String requester = newId("requester");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key")).text("id"));
    }
    String token = sut.api.token(requester, Role.REQUESTER);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = sut.api.get("/reservations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), token).json();
      page.get("items").forEach(item -> seen.add(item.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(created);
    assertThat(sut.api.get("/reservations?state=CONFIRMED", token).json().get("items").size()).isZero();
    assertThat(sut.api.get("/reservations?state=HOLD_PENDING", token).json().get("items").size()).isEqualTo(5);
    assertProblem(sut.api.get("/reservations?cursor=garbage!", token), 400, "INVALID_CURSOR");
    assertProblem(sut.api.get("/reservations?limit=1000", token), 400, "INVALID_LIMIT");
  }

  @Test
  @DisplayName("a status poll that sends the ETag back gets 304 until the reservation changes")
  void conditionalStatusReads() {
    String requester = newId("requester");
    String vendor = newId("vendor");
    String id = heldReservation(requester, vendor);
    String path = "/reservations/" + id;
    String requesterToken = sut.api.token(requester, Role.REQUESTER);
    Api.Response first = sut.api.get(path, requesterToken);
    String etag = first.header("ETag");
    assertThat(etag).as("ETag of " + first.headers()).isNotBlank();
    assertThat(first.json().get("payment").has("clientSecret")).isTrue();

    Api.Response unchanged = sut.api.get(path, requesterToken, Map.of("If-None-Match", etag));
    assertThat(unchanged.status()).isEqualTo(304);
    assertThat(unchanged.raw()).isEmpty();
    assertThat(unchanged.header("ETag")).isEqualTo(etag);

    Api.Response opsView = sut.api.get(path, sut.api.token("ops-1", Role.OPS), Map.of("If-None-Match", etag));
    assertThat(opsView.status()).as("another viewer's representation differs (no client secret)").isEqualTo(200);
    assertThat(opsView.header("ETag")).isNotEqualTo(etag);
    assertProblem(sut.api.get(path, sut.api.token(newId("requester"), Role.REQUESTER), Map.of("If-None-Match", etag)),
        404, "RESERVATION_NOT_FOUND");

    assertThat(sut.api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(120))
        .until(() -> sut.api.get(path, requesterToken, Map.of("If-None-Match", etag)).status() == 200);
    Api.Response changed = sut.api.get(path, requesterToken, Map.of("If-None-Match", etag));
    assertThat(changed.header("ETag")).isNotEqualTo(etag);
    assertThat(changed.json().get("vendorDecision").asText()).isEqualTo("CONFIRMED");
  }

  @Test
  @DisplayName("GET /reservations/{id}/events streams every change as a server-sent event")
  void serverSentEvents() {
    String requester = newId("requester");
    String slot = UUID.randomUUID().toString();
    String id = sut.api.reserve(requester, slot, newId("key")).text("id");
    List<String> lines = sut.api.stream("/reservations/" + id + "/events", sut.api.token(requester, Role.REQUESTER));
    await().atMost(Duration.ofSeconds(120)).until(() -> lines.stream().anyMatch(l -> l.contains("HOLD_PENDING")));
    assertThat(lines).contains("event:reservation");
    sut.others.awaitCommand(id, HoldSlot.class);
    sut.others.publish(id, new Events(id, slot, newId("vendor")).slotHeld(sut.clock.instant().plus(Duration.ofMinutes(15))));
    await().atMost(Duration.ofSeconds(120))
        .until(() -> lines.stream().anyMatch(l -> l.contains("\"state\":\"AWAITING_CONFIRMATIONS\"")));
  }

  @Test
  @DisplayName("the served OpenAPI document is the committed reservation-service/openapi.json")
  void openApiDocumentIsCommitted() throws Exception {
    Api.Response docs = sut.api.get("/v3/api-docs", null);
    assertThat(docs.status()).isEqualTo(200);
    ObjectNode served = (ObjectNode) docs.json();
    served.remove("servers"); // the random test port
    String pretty = Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n";
    Path committed = Path.of("openapi.json");
    Path generated = Path.of("target", "openapi.json");
    Files.writeString(generated, pretty);
    assertThat(committed).as("commit the document: cp " + generated + " " + committed).exists();
    assertThat(Files.readString(committed)).as("served API differs from the committed openapi.json;"
        + " review and copy " + generated.toAbsolutePath()).isEqualTo(pretty);
    assertThat(sut.api.get("/swagger-ui.html", null).status()).isIn(200, 302);
    assertThat(served.get("paths").has("/reservations/{id}/vendor-decision")).isTrue();
  }

  @Test
  @DisplayName("metrics: sagas in flight by state, oldest age, outcomes, API latency")
  void metrics() {
    sut.api.reserve(newId("requester"), UUID.randomUUID().toString(), newId("key"));
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      String text = sut.api.get("/actuator/prometheus", null).raw();
      assertThat(text).contains("reservation_sagas_in_flight{");
      assertThat(text).contains("state=\"HOLD_PENDING\"");
      assertThat(text).contains("reservation_sagas_oldest_age_seconds{");
      assertThat(text).contains("reservation_sagas_outcomes_total{");
      assertThat(text).contains("http_server_requests_seconds_bucket{");
    });
  }

  @Nested
  @DisplayName("Bad input changes nothing")
  class BadInput {

    @Test
    @DisplayName("a slotId that is a number, not a UUID or missing is 400 problem+json and stores nothing")
    void slotIdMustBeAUuid() {
      String requester = newId("requester");
      String token = sut.api.token(requester, Role.REQUESTER);
      assertProblem(sut.api.postRaw("/reservations", token, "{\"slotId\":42}", newId("key")), 400, "MALFORMED_REQUEST");
      assertProblem(sut.api.postRaw("/reservations", token, "{\"slotId\":\"slot-7\"}", newId("key")), 400,
          "MALFORMED_REQUEST");
      assertProblem(sut.api.postRaw("/reservations", token, "{\"slotId\":null}", newId("key")), 400, "VALIDATION_FAILED");
      assertProblem(sut.api.postRaw("/reservations", token, "{\"slotId\":[\"" + UUID.randomUUID() + "\"]}",
          newId("key")), 400, "MALFORMED_REQUEST");
      assertThat(storedFor(requester)).isZero();
      assertThat(sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key")).status()).isEqualTo(202);
    }

    @Test
    @DisplayName("a reservation id in the path that is not a UUID is 400 INVALID_PARAMETER")
    void pathIdMustBeAUuid() {
      String token = sut.api.token(newId("requester"), Role.REQUESTER);
      assertProblem(sut.api.get("/reservations/42", token), 400, "INVALID_PARAMETER");
      assertProblem(sut.api.post("/reservations/not-a-uuid/cancel", token, null, null), 400, "INVALID_PARAMETER");
    }

    @Test
    @DisplayName("a 1 MiB body is 413 PAYLOAD_TOO_LARGE and stores nothing")
    void bodyTooLarge() {
      String requester = newId("requester");
      String body = "{\"slotId\":\"" + UUID.randomUUID() + "\",\"requesterId\":\"" + "x".repeat(1024 * 1024) + "\"}";
      assertProblem(sut.api.postRaw("/reservations", sut.api.token(requester, Role.REQUESTER), body, newId("key")), 413,
          "PAYLOAD_TOO_LARGE");
      assertThat(storedFor(requester)).isZero();
    }

    @Test
    @DisplayName("a cursor that is not percent-encoded or not one we issued is 400, not 500")
    void badCursor() throws Exception {
      String token = sut.api.token(newId("requester"), Role.REQUESTER);
      String raw = sut.api.rawGet("/reservations?cursor=%%%", token);
      assertThat(raw).startsWith("HTTP/1.1 400").contains("application/problem+json")
          .contains("\"code\":\"INVALID_PARAMETER\"");
      String forged = java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString("yesterday|x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertProblem(sut.api.get("/reservations?cursor=" + forged, token), 400, "INVALID_CURSOR");
      assertProblem(sut.api.get("/reservations?cursor=%25%25", token), 400, "INVALID_CURSOR");
    }
  }

  @Test
  @DisplayName("the payment client secret reaches only the requester's own view of the reservation")
  void clientSecretOnlyForTheRequester() {
    String requester = newId("requester");
    String vendor = newId("vendor");
    String id = heldReservation(requester, vendor);
    sut.others.awaitCommand(id, com.bookiji.schemas.payment.AuthorizePayment.class);
    Events events = new Events(id, UUID.randomUUID().toString(), vendor);
    sut.others.publish(id, events.authorizationStarted());
    await().atMost(Duration.ofSeconds(120)).until(() -> sut.api.reservation(id, requester, Role.REQUESTER).json()
        .get("payment").hasNonNull("clientSecret"));
    List<String> vendorStream = sut.api.stream("/reservations/" + id + "/events", sut.api.token(vendor, Role.VENDOR));
    await().atMost(Duration.ofSeconds(120)).until(() -> vendorStream.stream().anyMatch(l -> l.contains("AWAITING_CONFIRMATIONS")));
    assertThat(vendorStream).noneMatch(l -> l.contains("_secret_"));
    assertThat(sut.api.reservation(id, vendor, Role.VENDOR).raw()).doesNotContain("_secret_");
    assertThat(sut.api.reservation(id, "ops-1", Role.OPS).raw()).doesNotContain("_secret_");
    assertThat(sut.api.get("/reservations", sut.api.token(requester, Role.REQUESTER)).raw()).doesNotContain("_secret_");
    assertThat(sut.api.get("/reservations", sut.api.token(vendor, Role.VENDOR)).raw()).doesNotContain("_secret_");
    assertThat(sut.api.get("/reservations", sut.api.token("ops-1", Role.OPS)).raw()).doesNotContain("_secret_");
    assertThat(sut.api.vendorDecision(id, vendor, "CONFIRM").raw()).doesNotContain("_secret_");
  }

  @Test
  @DisplayName("no squatting: at most 5 reservations awaiting payment, at most 12 requests an hour (429 + Retry-After)")
  void perRequesterLimits() {
    String requester = newId("requester");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Api.Response r = sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key"));
      assertThat(r.status()).as(r.raw()).isEqualTo(202);
      ids.add(r.text("id"));
    }
    Api.Response sixth = sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key"));
    assertProblem(sixth, 429, "TOO_MANY_AWAITING_PAYMENT");
    assertThat(Long.parseLong(sixth.header("Retry-After"))).as("until the earliest deadline").isBetween(1L, 600L);
    assertThat(sut.rows("SELECT count(*) FROM reservations WHERE requester_id = ?", requester)).isEqualTo(5);
    assertThat(sut.api.reserve(newId("requester"), UUID.randomUUID().toString(), newId("key")).status())
        .as("another requester is not limited").isEqualTo(202);

    assertThat(sut.api.cancel(ids.get(0), requester).status()).isEqualTo(202);
    assertThat(sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key")).status())
        .as("a cancelled one no longer counts").isEqualTo(202);
    // 7 requests so far; 5 more are allowed by the rate (refused by the pending limit), the 13th is not.
    for (int i = 0; i < 5; i++) {
      assertProblem(sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key")), 429,
          "TOO_MANY_AWAITING_PAYMENT");
    }
    Api.Response limited = sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key"));
    assertProblem(limited, 429, "RATE_LIMITED");
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).as("at most one permit's time: 5 minutes").isBetween(1L, 300L);
    sut.clock.advance(Duration.ofSeconds(retryAfter));
    assertProblem(sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key")), 429,
        "TOO_MANY_AWAITING_PAYMENT");
    assertThat(sut.rows("SELECT count(*) FROM reservations WHERE requester_id = ?", requester)).isEqualTo(6);
  }

  /** Opens a server-sent event stream; its lines arrive in the returned list. */
  static List<String> subscribe(String id, String subject, Role role) {
    List<String> lines = sut.api.stream("/reservations/" + id + "/events", sut.api.token(subject, role));
    await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("event:reservation"));
    return lines;
  }

  @Test
  @DisplayName("event streams are bounded per caller and in total (429), pushed on change, and freed when the reservation ends")
  void serverSentEventsBounded() {
    var streams = sut.app().context().getBean(com.bookiji.reservation.web.ReservationEventsController.class);
    int before = streams.openStreams();
    String requester = newId("requester");
    String slot = UUID.randomUUID().toString();
    String id = sut.api.reserve(requester, slot, newId("key")).text("id");
    List<List<String>> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(subscribe(id, requester, Role.REQUESTER));
    }
    Api.Response sixth = sut.api.get("/reservations/" + id + "/events", sut.api.token(requester, Role.REQUESTER));
    assertProblem(sixth, 429, "TOO_MANY_SUBSCRIPTIONS");
    assertThat(sixth.header("Retry-After")).isNotNull();
    int remaining = 20 - streams.openStreams();
    for (int i = 0; i < remaining; i++) {
      subscribe(id, "ops-" + i, Role.OPS);
    }
    assertProblem(sut.api.get("/reservations/" + id + "/events", sut.api.token("ops-one-too-many", Role.OPS)),
        429, "SUBSCRIPTIONS_EXHAUSTED");

    // The refusal of the hold is pushed to every stream; the terminal state closes them.
    sut.others.awaitCommand(id, HoldSlot.class);
    sut.others.publish(id, com.bookiji.schemas.availability.SlotHoldRejected.newBuilder().setReservationId(id)
        .setSlotId(slot).setReason(com.bookiji.schemas.availability.SlotHoldRejectionReason.SLOT_UNAVAILABLE)
        .setDetail("held by someone else").setOccurredAt(java.time.Instant.now()).build());
    await().atMost(Duration.ofSeconds(120)).until(() -> mine.stream().allMatch(
        lines -> lines.stream().anyMatch(l -> l.contains("\"state\":\"REJECTED\""))));
    await().atMost(Duration.ofSeconds(60)).until(() -> streams.openStreams() <= before);
    assertThat(subscribe(id, requester, Role.REQUESTER)).as("a stream of an ended reservation: its last view")
        .anyMatch(l -> l.contains("\"state\":\"REJECTED\""));
  }

  @Test
  @DisplayName("a browser's EventSource opens the stream with a single-use, short-lived ticket, not a token in the URL")
  void eventStreamTickets() {
    String requester = newId("requester");
    String id = sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key")).text("id");
    String other = sut.api.reserve(requester, UUID.randomUUID().toString(), newId("key")).text("id");
    Api.Response issued = sut.api.post("/reservations/" + id + "/events/tickets", sut.api.token(requester, Role.REQUESTER), null, null);
    assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
    String url = issued.text("eventsUrl");
    assertThat(url).startsWith("/reservations/" + id + "/events?ticket=").doesNotContain(".");

    List<String> lines = sut.api.stream(url, null);
    await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> l.contains("HOLD_PENDING")));

    assertProblem(sut.api.get(url, null), 401, "INVALID_TICKET");
    String forOther = sut.api.post("/reservations/" + id + "/events/tickets", sut.api.token(requester, Role.REQUESTER), null, null)
        .text("ticket");
    assertProblem(sut.api.get("/reservations/" + other + "/events?ticket=" + forOther, null), 401, "INVALID_TICKET");
    String late = sut.api.post("/reservations/" + id + "/events/tickets", sut.api.token(requester, Role.REQUESTER), null, null)
        .text("ticket");
    sut.clock.advance(Duration.ofMinutes(2));
    assertProblem(sut.api.get("/reservations/" + id + "/events?ticket=" + late, null), 401, "INVALID_TICKET");
    assertProblem(sut.api.get("/reservations/" + id + "/events", null), 401, "UNAUTHENTICATED");
    assertProblem(sut.api.post("/reservations/" + id + "/events/tickets", sut.api.token(newId("requester"), Role.REQUESTER), null, null),
        404, "RESERVATION_NOT_FOUND");
  }
}
