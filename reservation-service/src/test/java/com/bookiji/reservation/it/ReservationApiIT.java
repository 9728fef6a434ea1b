package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.platform.web.Role;
import com.bookiji.schemas.availability.HoldSlot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The public REST API over real HTTP: idempotency, who may do what, listing, events, docs, metrics. */
@DisplayName("The reservation REST API")
class ReservationApiIT {

  static final TestInfrastructure infra = TestInfrastructure.shared();
  static final TestDatabase db = infra.createDatabase("reservation_api");
  static final TestClock clock = new TestClock();
  static ReservationApp app;
  static OtherServices others;
  static Api api;

  @BeforeAll
  static void start() {
    app = ReservationApp.start(db, clock, Map.of());
    others = new OtherServices();
    api = new Api(app::baseUrl);
  }

  @AfterAll
  static void stop() {
    others.close();
    app.close();
  }

  static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static void assertProblem(Api.Response r, int status, String code) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.text("code")).isEqualTo(code);
  }

  /** A reservation whose slot is held for {@code vendor}. */
  static String heldReservation(String requester, String vendor) {
    String slot = newId("slot");
    Api.Response created = api.reserve(requester, slot, newId("key"));
    String id = created.text("id");
    others.awaitCommand(id, HoldSlot.class);
    others.publish(id, new Events(id, slot, vendor).slotHeld(clock.instant().plus(Duration.ofMinutes(15))));
    await().atMost(Duration.ofSeconds(120))
        .until(() -> "AWAITING_CONFIRMATIONS".equals(api.reservation(id, requester, Role.REQUESTER).text("state")));
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
      String slot = newId("slot");
      Api.Response first = api.reserve(requester, slot, key);
      Api.Response second = api.reserve(requester, slot, key);
      assertThat(first.status()).isEqualTo(202);
      assertThat(second.status()).isEqualTo(202);
      assertThat(second.text("id")).isEqualTo(first.text("id"));
      assertThat(second.json()).isEqualTo(first.json());
      assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
      assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(api.get("/reservations", api.token(requester, Role.REQUESTER)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("the same key with another body is 422 and changes nothing")
    void conflict() {
      String requester = newId("requester");
      String key = newId("key");
      api.reserve(requester, newId("slot"), key);
      assertProblem(api.reserve(requester, newId("slot"), key), 422, "IDEMPOTENCY_KEY_REUSED");
      assertThat(api.get("/reservations", api.token(requester, Role.REQUESTER)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("concurrent duplicates create one reservation; the others get 409 or the replay")
    void concurrentDuplicates() throws Exception {
      String requester = newId("requester");
      String key = newId("key");
      String slot = newId("slot");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          return api.reserve(requester, slot, key);
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
      assertThat(api.get("/reservations", api.token(requester, Role.REQUESTER)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("keys are scoped to the caller")
    void scopedToCaller() {
      String key = newId("key");
      String slot = newId("slot");
      Api.Response a = api.reserve(newId("requester"), slot, key);
      Api.Response b = api.reserve(newId("requester"), slot, key);
      assertThat(a.status()).isEqualTo(202);
      assertThat(b.status()).isEqualTo(202);
      assertThat(b.text("id")).isNotEqualTo(a.text("id"));
    }

    @Test
    @DisplayName("keys are kept for the configured time, then free again")
    void keptForConfiguredTime() {
      String requester = newId("requester");
      String key = newId("key");
      Api.Response first = api.reserve(requester, newId("slot"), key);
      clock.advance(Duration.ofHours(25));
      Api.Response later = api.reserve(requester, newId("slot"), key);
      assertThat(later.status()).as(later.raw()).isEqualTo(202);
      assertThat(later.text("id")).isNotEqualTo(first.text("id"));
    }

    @Test
    @DisplayName("the header is required and bad input changes nothing")
    void headerRequired() {
      String requester = newId("requester");
      Api.Response r = api.post("/reservations", api.token(requester, Role.REQUESTER), Map.of("slotId", "s"), null);
      assertProblem(r, 400, "MISSING_HEADER");
      assertProblem(api.post("/reservations", api.token(requester, Role.REQUESTER), Map.of(), newId("key")),
          400, "VALIDATION_FAILED");
      assertThat(api.get("/reservations", api.token(requester, Role.REQUESTER)).json().get("items").size()).isZero();
    }
  }

  @Nested
  @DisplayName("Who may do what")
  class Authorization {

    @Test
    @DisplayName("no token or a bad token is 401 problem+json")
    void unauthenticated() {
      assertProblem(api.get("/reservations", null), 401, "UNAUTHENTICATED");
      assertProblem(api.get("/reservations", "not.a.token"), 401, "UNAUTHENTICATED");
      assertProblem(api.post("/reservations", null, Map.of("slotId", "s"), newId("key")), 401, "UNAUTHENTICATED");
    }

    @Test
    @DisplayName("only requesters reserve, and only for themselves")
    void onlyRequestersReserve() {
      assertProblem(api.post("/reservations", api.token(newId("vendor"), Role.VENDOR), Map.of("slotId", "s"),
          newId("key")), 403, "FORBIDDEN");
      String requester = newId("requester");
      assertProblem(api.post("/reservations", api.token(requester, Role.REQUESTER),
          Map.of("slotId", "s", "requesterId", newId("someone-else")), newId("key")), 403, "REQUESTER_MISMATCH");
    }

    @Test
    @DisplayName("a requester sees and cancels only its own reservations")
    void requesterOwnsItsReservations() {
      String owner = newId("requester");
      String id = api.reserve(owner, newId("slot"), newId("key")).text("id");
      String stranger = newId("requester");
      assertThat(api.reservation(id, owner, Role.REQUESTER).status()).isEqualTo(200);
      assertProblem(api.reservation(id, stranger, Role.REQUESTER), 403, "NOT_YOUR_RESERVATION");
      assertProblem(api.cancel(id, stranger), 403, "NOT_YOUR_RESERVATION");
      assertProblem(api.get("/reservations?requesterId=" + owner, api.token(stranger, Role.REQUESTER)),
          403, "NOT_YOUR_RESERVATIONS");
      assertProblem(api.reservation(UUID.randomUUID().toString(), owner, Role.REQUESTER), 404, "RESERVATION_NOT_FOUND");
      assertThat(api.reservation(id, "ops-1", Role.OPS).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("a vendor sees and decides only reservations for its own slots")
    void vendorOwnsItsSlots() {
      String requester = newId("requester");
      String vendor = newId("vendor");
      String id = heldReservation(requester, vendor);
      String otherVendor = newId("vendor");
      assertThat(api.reservation(id, vendor, Role.VENDOR).status()).isEqualTo(200);
      assertProblem(api.reservation(id, otherVendor, Role.VENDOR), 403, "NOT_YOUR_RESERVATION");
      assertProblem(api.vendorDecision(id, otherVendor, "CONFIRM"), 403, "NOT_YOUR_SLOT");
      assertProblem(api.post("/reservations/" + id + "/vendor-decision", api.token(requester, Role.REQUESTER),
          Map.of("decision", "CONFIRM"), null), 403, "FORBIDDEN");
      assertProblem(api.post("/reservations/" + id + "/cancel", api.token(vendor, Role.VENDOR), null, null),
          403, "FORBIDDEN");
      assertThat(api.vendorDecision(id, vendor, "CONFIRM").status()).isEqualTo(202);
      assertThat(api.vendorDecision(id, vendor, "CONFIRM").status()).as("same decision again").isEqualTo(202);
      assertProblem(api.vendorDecision(id, vendor, "DECLINE"), 409, "NOT_AWAITING_VENDOR");
      JsonNode vendorList = api.get("/reservations", api.token(vendor, Role.VENDOR)).json();
      assertThat(vendorList.get("items").size()).isEqualTo(1);
      assertThat(api.get("/reservations", api.token(otherVendor, Role.VENDOR)).json().get("items").size()).isZero();
    }
  }

  @Test
  @DisplayName("listing filters by state and pages with a cursor, newest first")
  void listingWithCursor() {
    String requester = newId("requester");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(0, api.reserve(requester, newId("slot"), newId("key")).text("id"));
    }
    String token = api.token(requester, Role.REQUESTER);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = api.get("/reservations?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), token).json();
      page.get("items").forEach(item -> seen.add(item.get("id").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(created);
    assertThat(api.get("/reservations?state=CONFIRMED", token).json().get("items").size()).isZero();
    assertThat(api.get("/reservations?state=HOLD_PENDING", token).json().get("items").size()).isEqualTo(5);
    assertProblem(api.get("/reservations?cursor=garbage!", token), 400, "INVALID_CURSOR");
    assertProblem(api.get("/reservations?limit=1000", token), 400, "INVALID_LIMIT");
  }

  @Test
  @DisplayName("GET /reservations/{id}/events streams every change as a server-sent event")
  void serverSentEvents() {
    String requester = newId("requester");
    String slot = newId("slot");
    String id = api.reserve(requester, slot, newId("key")).text("id");
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/reservations/" + id + "/events"))
        .header("Authorization", "Bearer " + api.token(requester, Role.REQUESTER))
        .header("Accept", "text/event-stream").GET().build();
    HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenAccept(r -> r.body().forEach(lines::add));
    await().atMost(Duration.ofSeconds(120)).until(() -> lines.stream().anyMatch(l -> l.contains("HOLD_PENDING")));
    assertThat(lines).contains("event:reservation");
    others.awaitCommand(id, HoldSlot.class);
    others.publish(id, new Events(id, slot, newId("vendor")).slotHeld(clock.instant().plus(Duration.ofMinutes(15))));
    await().atMost(Duration.ofSeconds(120))
        .until(() -> lines.stream().anyMatch(l -> l.contains("\"state\":\"AWAITING_CONFIRMATIONS\"")));
  }

  @Test
  @DisplayName("the served OpenAPI document is the committed reservation-service/openapi.json")
  void openApiDocumentIsCommitted() throws Exception {
    Api.Response docs = api.get("/v3/api-docs", null);
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
    assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
    assertThat(served.get("paths").has("/reservations/{id}/vendor-decision")).isTrue();
  }

  @Test
  @DisplayName("metrics: sagas in flight by state, oldest age, outcomes, API latency")
  void metrics() {
    api.reserve(newId("requester"), newId("slot"), newId("key"));
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      String text = api.get("/actuator/prometheus", null).raw();
      assertThat(text).contains("reservation_sagas_in_flight{");
      assertThat(text).contains("state=\"HOLD_PENDING\"");
      assertThat(text).contains("reservation_sagas_oldest_age_seconds{");
      assertThat(text).contains("reservation_sagas_outcomes_total{");
      assertThat(text).contains("http_server_requests_seconds_bucket{");
    });
  }
}
