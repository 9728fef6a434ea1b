package com.bookiji.platform.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public booking API as a frontend calls it: vendors publish slots at availability-service,
 * requesters reserve them at reservation-service (with an Idempotency-Key), poll the status with
 * its ETag, cancel; vendors decide. Every call takes the caller's bearer token. A refusal is a
 * {@link ProblemException} with the status and the problem's {@code code}; an I/O failure is the
 * {@link IOException} itself (the caller decides whether to retry, with the same key).
 */
public final class BookingClient {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";

  static final JsonMapper JSON = JsonMapper.builder()
      // a field the API adds later must not break tools built against today's API
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  /** A batch of slots is one transaction of up to 500 rows: much slower than a single call on a loaded machine. */
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(120);

  private final URI reservations;
  private final URI availability;
  private final HttpClient http;

  /**
   * @param reservationService e.g. {@code http://127.0.0.1:8080}
   * @param availabilityService e.g. {@code http://127.0.0.1:8082}
   * @param http shared by the caller's threads (one HTTP/1.1 connection pool)
   */
  public BookingClient(URI reservationService, URI availabilityService, HttpClient http) {
    this.reservations = reservationService;
    this.availability = availabilityService;
    this.http = http;
  }

  public BookingClient(URI reservationService, URI availabilityService) {
    this(reservationService, availabilityService, defaultHttpClient());
  }

  /** HTTP/1.1 (what the services speak), a 5-second connect timeout. */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  // ------------------------------------------------------------------ vendors' slots

  /** {@code POST /vendors/{vendorId}/slots}: 201 with the slot. */
  public Slot createSlot(String vendorToken, String vendorId, NewSlot slot) throws IOException, InterruptedException {
    return read(send("POST /vendors/{vendorId}/slots",
        post(availability, "/vendors/" + vendorId + "/slots", vendorToken, slot, TIMEOUT)), Slot.class);
  }

  /** {@code POST /vendors/{vendorId}/slots/batch}: all or nothing, at most 500 at once. */
  public List<Slot> createSlots(String vendorToken, String vendorId, List<NewSlot> slots)
      throws IOException, InterruptedException {
    return read(send("POST /vendors/{vendorId}/slots/batch",
        post(availability, "/vendors/" + vendorId + "/slots/batch", vendorToken, Map.of("slots", slots), BATCH_TIMEOUT)),
        new TypeReference<List<Slot>>() {});
  }

  /** {@code GET /vendors/{vendorId}/slots/{slotId}}: open to every authenticated caller. */
  public Slot slot(String token, String vendorId, String slotId) throws IOException, InterruptedException {
    return read(send("GET /vendors/{vendorId}/slots/{slotId}",
        get(availability, "/vendors/" + vendorId + "/slots/" + slotId, token).build()), Slot.class);
  }

  /** {@code POST /vendors/{vendorId}/slots/{slotId}/block}: no new holds; a held slot's commit is refused. */
  public Slot blockSlot(String vendorToken, String vendorId, String slotId) throws IOException, InterruptedException {
    return read(send("POST /vendors/{vendorId}/slots/{slotId}/block",
        post(availability, "/vendors/" + vendorId + "/slots/" + slotId + "/block", vendorToken, Map.of(), TIMEOUT)),
        Slot.class);
  }

  // ------------------------------------------------------------------ reservations

  /**
   * {@code POST /reservations} with an Idempotency-Key: 202 with the reservation (HOLD_PENDING).
   * The same key with the same slot replays the first answer; with another slot it is refused (422
   * IDEMPOTENCY_KEY_REUSED), while the first request with it still runs too (409 IDEMPOTENCY_KEY_IN_USE).
   */
  public Placed reserve(String requesterToken, String slotId, String idempotencyKey)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(post(reservations, "/reservations", requesterToken,
        Map.of("slotId", slotId), TIMEOUT), (name, value) -> true).header(IDEMPOTENCY_KEY, idempotencyKey).build();
    HttpResponse<String> answer = send("POST /reservations", request);
    return new Placed(read(answer, Reservation.class),
        Boolean.parseBoolean(answer.headers().firstValue(REPLAYED).orElse("false")));
  }

  /** {@code GET /reservations/{id}}. */
  public Reservation reservation(String token, String reservationId) throws IOException, InterruptedException {
    return read(token, reservationId).reservation();
  }

  /** {@code GET /reservations/{id}} with the answer's ETag, for {@link #readIfChanged}. */
  public StatusRead read(String token, String reservationId) throws IOException, InterruptedException {
    HttpResponse<String> answer = send("GET /reservations/{id}", get(reservations, "/reservations/" + reservationId, token).build());
    return new StatusRead(read(answer, Reservation.class), answer.headers().firstValue("ETag").orElse(null));
  }

  /**
   * A poll as a frontend sends it: {@code If-None-Match} with the ETag of {@code last}. Empty while
   * the reservation is unchanged (304, one row read on the server); otherwise the new read.
   */
  public Optional<StatusRead> readIfChanged(String token, StatusRead last) throws IOException, InterruptedException {
    if (last.etag() == null) {
      return Optional.of(read(token, last.reservation().id()));
    }
    HttpResponse<String> answer = send("GET /reservations/{id}",
        get(reservations, "/reservations/" + last.reservation().id(), token).header("If-None-Match", last.etag()).build());
    if (answer.statusCode() == 304) {
      return Optional.empty();
    }
    return Optional.of(new StatusRead(read(answer, Reservation.class), answer.headers().firstValue("ETag").orElse(null)));
  }

  /** {@code POST /reservations/{id}/vendor-decision} by the slot's vendor: 202, or 409 NOT_AWAITING_VENDOR. */
  public Reservation decide(String vendorToken, String reservationId, VendorDecision decision, String reason)
      throws IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("decision", decision.name());
    if (reason != null) {
      body.put("reason", reason);
    }
    return read(send("POST /reservations/{id}/vendor-decision",
        post(reservations, "/reservations/" + reservationId + "/vendor-decision", vendorToken, body, TIMEOUT)),
        Reservation.class);
  }

  /** {@code POST /reservations/{id}/cancel} by the requester: 202, or 409 RESERVATION_ENDED. */
  public Reservation cancel(String requesterToken, String reservationId) throws IOException, InterruptedException {
    return read(send("POST /reservations/{id}/cancel",
        post(reservations, "/reservations/" + reservationId + "/cancel", requesterToken, Map.of(), TIMEOUT)),
        Reservation.class);
  }

  /**
   * {@code GET /reservations}, newest first: a requester sees its own, a vendor those for its slots,
   * OPS all. {@code filters} are the query parameters (requesterId, vendorId, state, cursor, limit).
   */
  public ReservationPage reservations(String token, Map<String, String> filters) throws IOException, InterruptedException {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    filters.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    return read(send("GET /reservations", get(reservations, "/reservations" + query, token).build()), ReservationPage.class);
  }

  // ------------------------------------------------------------------ the exchange

  private HttpResponse<String> send(String what, HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    int status = answer.statusCode();
    if (status / 100 != 2 && status != 304) {
      throw problem(what, status, answer.body());
    }
    return answer;
  }

  /** The problem's code and detail when the body is problem+json; a bare status otherwise. */
  static ProblemException problem(String what, int status, String body) {
    String code = null;
    String detail = null;
    try {
      JsonNode problem = body == null || body.isBlank() ? null : JSON.readTree(body);
      if (problem != null && problem.isObject()) {
        code = text(problem, "code");
        detail = text(problem, "detail");
      }
    } catch (JacksonException notJson) {
      // a body that is not JSON (a proxy's page): the status says it all
    }
    return new ProblemException(what, status, code, detail, body);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isString() ? null : value.asString();
  }

  private static <T> T read(HttpResponse<String> answer, Class<T> type) {
    return JSON.readValue(answer.body(), type);
  }

  private static <T> T read(HttpResponse<String> answer, TypeReference<T> type) {
    return JSON.readValue(answer.body(), type);
  }

  private static HttpRequest.Builder get(URI service, String path, String token) {
    return authorized(service, path, token, TIMEOUT).header("Accept", "application/json, application/problem+json").GET();
  }

  private static HttpRequest post(URI service, String path, String token, Object body, Duration timeout) {
    return authorized(service, path, token, timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, application/problem+json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
  }

  private static HttpRequest.Builder authorized(URI service, String path, String token, Duration timeout) {
    return HttpRequest.newBuilder(service.resolve(path)).timeout(timeout).header("Authorization", "Bearer " + token);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
