package com.bookiji.reservation.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests against the real service: random bodies, headers and paths, each bad in at least
 * one way. Every one must get a 4xx application/problem+json with a documented stable code, and
 * change no row in any table of the service's database.
 */
@Label("API fuzz: every bad request is a 4xx problem+json with a stable code and changes nothing")
class ReservationApiFuzzIT {

  /** Every code the README documents for a 4xx. */
  static final Set<String> DOCUMENTED_CODES = Set.of("VALIDATION_FAILED", "MALFORMED_REQUEST",
      "MISSING_HEADER", "IDEMPOTENCY_KEY_REQUIRED", "INVALID_PARAMETER", "MISSING_PARAMETER",
      "INVALID_CURSOR", "INVALID_LIMIT", "UNAUTHENTICATED", "FORBIDDEN", "REQUESTER_MISMATCH",
      "NOT_YOUR_RESERVATIONS", "RESERVATION_NOT_FOUND", "NOT_FOUND", "METHOD_NOT_ALLOWED",
      "NOT_ACCEPTABLE", "UNSUPPORTED_MEDIA_TYPE", "IDEMPOTENCY_KEY_IN_USE", "NOT_AWAITING_VENDOR",
      "RESERVATION_ENDED", "PAYLOAD_TOO_LARGE", "IDEMPOTENCY_KEY_REUSED", "TOO_MANY_AWAITING_PAYMENT",
      "RATE_LIMITED", "TOO_MANY_SUBSCRIPTIONS", "SUBSCRIPTIONS_EXHAUSTED", "INVALID_TICKET", "BAD_REQUEST");

  static ServiceUnderTest sut;
  static List<String> tables;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final TokenMinter minter = new TokenMinter(ReservationApp.JWT_SECRET);

  record Probe(String method, String path, Map<String, String> headers, String body) {
    @Override
    public String toString() {
      String shown = body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…(" + body.length() + ")" : body;
      return method + " " + path + " " + headers.keySet() + " " + shown;
    }
  }

  @BeforeContainer
  static void start() throws SQLException {
    // A huge rate: the fuzzer's valid tokens must not all end as RATE_LIMITED.
    sut = ServiceUnderTest.start("reservation_fuzz", Map.of(
        "bookiji.reservation.limits.reservations-per-period", "1000000"));
    tables = new ArrayList<>();
    try (Connection c = sut.db.dataSource().getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
             + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
             + " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
             // The relay's own position, written on the relay's schedule, not by any request.
             + " AND table_name <> 'relay_offsets' ORDER BY 1")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables).anyMatch(t -> t.endsWith("reservations")).anyMatch(t -> t.endsWith("outbox"));
  }

  @AfterContainer
  static void stop() {
    if (sut != null) {
      sut.close();
    }
  }

  @Property(tries = 400)
  void everyBadRequestIsAStableProblemAndChangesNothing(@ForAll("badRequests") Probe probe) throws Exception {
    Map<String, String> before = fingerprint();
    HttpResponse<String> response = send(probe);
    assertThat(response.statusCode()).as("%s -> %s", probe, response.body()).isBetween(400, 499);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).as("%s", probe)
        .startsWith("application/problem+json");
    JsonNode problem = Api.JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
    assertThat(problem.path("code").asText()).as("%s -> %s", probe, response.body()).isIn(DOCUMENTED_CODES);
    assertThat(fingerprint()).as("no row changed by %s", probe).isEqualTo(before);
  }

  @Provide
  Arbitrary<Probe> badRequests() {
    return Arbitraries.frequencyOf(List.of(
        Tuple.of(4, badBodies()), Tuple.of(3, badHeaders()), Tuple.of(3, badPaths()), Tuple.of(1, tooLarge())));
  }

  /** POST /reservations with a valid token and key and a body that is wrong. */
  Arbitrary<Probe> badBodies() {
    Arbitrary<String> wrongSlotIds = Arbitraries.oneOf(
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("true", "null", "[]", "{}", "\"\"", "\"slot-7\"", "1.5e300",
            "[\"" + UUID.randomUUID() + "\"]", "{\"id\":\"" + UUID.randomUUID() + "\"}"),
        Arbitraries.strings().ofMaxLength(60).map(s -> Api.JSON.writeValueAsString(s)));
    Arbitrary<String> wrongObjects = wrongSlotIds.map(v -> "{\"slotId\":" + v + "}");
    Arbitrary<String> foreignRequester = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
        .map(someone -> "{\"slotId\":\"" + UUID.randomUUID() + "\",\"requesterId\":\"other-" + someone + "\"}");
    Arbitrary<String> notJson = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
        Arbitraries.of("", "{", "{\"slotId\":", "[1,2", "\u0000", "{\"slotId\":\"" + UUID.randomUUID() + "\""));
    Arbitrary<String> vendorDecisions = Arbitraries.of("{}", "{\"decision\":\"MAYBE\"}", "{\"decision\":1}",
        "{\"decision\":\"CONFIRM\",\"reason\":" + Api.JSON.writeValueAsString("r".repeat(600)) + "}");
    Arbitrary<Probe> reservations = Arbitraries.oneOf(wrongObjects, foreignRequester, notJson)
        .map(body -> new Probe("POST", "/reservations", withKey(json(bearer("requester-fuzz", Role.REQUESTER))), body));
    Arbitrary<Probe> decisions = vendorDecisions.map(body -> new Probe("POST",
        "/reservations/" + UUID.randomUUID() + "/vendor-decision", json(bearer("vendor-fuzz", Role.VENDOR)), body));
    return Arbitraries.oneOf(reservations, decisions);
  }

  /** A valid body, exactly one bad header: token, Idempotency-Key or Content-Type. */
  Arbitrary<Probe> badHeaders() {
    Instant now = Instant.now();
    Arbitrary<Map<String, String>> badTokens = Arbitraries.of(
        Map.<String, String>of(),
        Map.of("Authorization", "Bearer not.a.token"),
        Map.of("Authorization", "Basic dXNlcjpwYXNz"),
        Map.of("Authorization", "Bearer " + minter.mint("requester-fuzz", Role.REQUESTER,
            now.minusSeconds(3600), now.minusSeconds(600))),
        Map.of("Authorization", "Bearer " + minter.sign("{\"sub\":\"requester-fuzz\",\"role\":\"REQUESTER\"}")),
        Map.of("Authorization", "Bearer " + minter.sign("{\"sub\":\"requester-fuzz\",\"role\":\"ADMIN\",\"exp\":"
            + now.plusSeconds(600).getEpochSecond() + "}")),
        Map.of("Authorization", "Bearer " + new TokenMinter("another-secret-that-is-also-32-bytes-long")
            .mint(new Actor("requester-fuzz", Role.REQUESTER), Duration.ofMinutes(10))),
        bearer("vendor-fuzz", Role.VENDOR),
        bearer("ops-fuzz", Role.OPS));
    Arbitrary<Probe> wrongToken = badTokens.map(token -> new Probe("POST", "/reservations",
        withKey(json(token)), validBody()));
    Arbitrary<Probe> wrongKey = Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.of(""),
            Arbitraries.strings().alpha().ofMinLength(256).ofMaxLength(400))
        .map(key -> {
          Map<String, String> headers = json(bearer("requester-fuzz", Role.REQUESTER));
          if (key != null) {
            headers.put("Idempotency-Key", key);
          }
          return new Probe("POST", "/reservations", headers, validBody());
        });
    Arbitrary<Probe> wrongType = Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x")
        .map(type -> {
          Map<String, String> headers = withKey(bearer("requester-fuzz", Role.REQUESTER));
          headers.put("Content-Type", type);
          return new Probe("POST", "/reservations", headers, validBody());
        });
    Arbitrary<Probe> wrongAccept = Arbitraries.of("application/xml", "image/png")
        .map(accept -> {
          Map<String, String> headers = withKey(json(bearer("requester-fuzz", Role.REQUESTER)));
          headers.put("Accept", accept);
          return new Probe("POST", "/reservations", headers, "{\"slotId\":42}");
        });
    return Arbitraries.oneOf(wrongToken, wrongKey, wrongType, wrongAccept);
  }

  /** Paths, methods and query strings that name nothing, or nothing of the caller's. */
  Arbitrary<Probe> badPaths() {
    // Printable and control characters, spaces and '%' itself. Not encoded '/', '\\' or NUL in a
    // path: the container refuses those before the application sees the request (see the README).
    Arbitrary<String> junk = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\u00e9', '\u4e2d')
        .ofMinLength(1).ofMaxLength(40)
        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
    Arbitrary<String> pathJunk = junk.filter(s -> !s.contains("%2F") && !s.contains("%5C") && !s.contains("%00")
        && !s.matches("(?i).*(%2E|\\.){2}.*") && !s.equals("%2E") && !s.equals("."));
    Arbitrary<Role> roles = Arbitraries.of(Role.REQUESTER, Role.VENDOR, Role.OPS);
    Arbitrary<Probe> unknownIds = Combinators.combine(roles,
            Arbitraries.of("", "/cancel", "/events"), Arbitraries.of("GET", "POST"))
        .as((role, suffix, method) -> new Probe(suffix.equals("/cancel") ? "POST" : "GET",
            "/reservations/" + UUID.randomUUID() + suffix, bearer("someone", role), null));
    Arbitrary<Probe> notIds = Combinators.combine(roles, pathJunk)
        .as((role, id) -> new Probe("GET", "/reservations/" + id, bearer("someone", role), null));
    Arbitrary<Probe> noRoute = Combinators.combine(roles, pathJunk, Arbitraries.of("GET", "POST", "PUT", "DELETE"))
        .as((role, p, method) -> new Probe(method, "/nowhere/" + p, json(bearer("someone", role)),
            method.equals("GET") || method.equals("DELETE") ? null : "{}"));
    Arbitrary<Probe> wrongMethod = Arbitraries.of("PUT", "DELETE", "PATCH").map(method -> new Probe(method,
        "/reservations", json(bearer("requester-fuzz", Role.REQUESTER)), "{}"));
    Arbitrary<Probe> badQueries = Combinators.combine(roles,
            Arbitraries.oneOf(junk.map(j -> "cursor=" + j), junk.map(j -> "state=" + j),
                Arbitraries.of("limit=0", "limit=101", "limit=-1", "limit=abc", "limit=99999999999")))
        .as((role, q) -> new Probe("GET", "/reservations?" + q, bearer("someone", role), null))
        .filter(p -> !p.path().matches(".*state=(HOLD_PENDING|AWAITING_CONFIRMATIONS|COMMIT_PENDING|CAPTURE_PENDING"
            + "|COMPENSATING|CONFIRMED|REJECTED|EXPIRED|FAILED_PAYMENT|FAILED_VENDOR_DECLINED"
            + "|FAILED_AVAILABILITY_CHANGED|FAILED_COMMIT|CANCELLED)$"));
    Arbitrary<Probe> foreignLists = Arbitraries.of(
        new Probe("GET", "/reservations?requesterId=somebody-else", bearer("requester-fuzz", Role.REQUESTER), null),
        new Probe("GET", "/reservations?vendorId=somebody-else", bearer("vendor-fuzz", Role.VENDOR), null));
    return Arbitraries.oneOf(unknownIds, notIds, noRoute, wrongMethod, badQueries, foreignLists);
  }

  Arbitrary<Probe> tooLarge() {
    return Arbitraries.integers().between(70_000, 300_000).map(n -> new Probe("POST", "/reservations",
        withKey(json(bearer("requester-fuzz", Role.REQUESTER))),
        "{\"slotId\":\"" + UUID.randomUUID() + "\",\"requesterId\":\"" + "x".repeat(n) + "\"}"));
  }

  static String validBody() {
    return "{\"slotId\":\"" + UUID.randomUUID() + "\"}";
  }

  static Map<String, String> bearer(String subject, Role role) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + minter.mint(new Actor(subject, role), Duration.ofMinutes(10)));
    return headers;
  }

  static Map<String, String> json(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>(headers);
    out.put("Content-Type", "application/json");
    return out;
  }

  static Map<String, String> withKey(Map<String, String> headers) {
    Map<String, String> out = new LinkedHashMap<>(headers);
    out.put("Idempotency-Key", UUID.randomUUID().toString());
    return out;
  }

  static HttpResponse<String> send(Probe probe) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sut.app().baseUrl() + probe.path()))
        .timeout(Duration.ofSeconds(60))
        .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(probe.body()));
    probe.headers().forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every table's full content as a hash: any inserted, updated or deleted row changes it. */
  static Map<String, String> fingerprint() throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = sut.db.dataSource().getConnection(); Statement st = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ','"
            + " ORDER BY t::text)), '') FROM " + table + " t")) {
          rs.next();
          out.put(table, rs.getString(1));
        }
      }
    }
    return out;
  }
}
