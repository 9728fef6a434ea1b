package com.bookiji.reservation.it;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public REST API over real HTTP, as a frontend would call it. */
public final class Api {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final Supplier<String> baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final TokenMinter minter = new TokenMinter(ReservationApp.JWT_SECRET);

  public Api(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  public record Response(int status, Map<String, java.util.List<String>> headers, String raw) {
    public JsonNode json() {
      return raw == null || raw.isBlank() ? null : JSON.readTree(raw);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public String text(String field) {
      JsonNode node = json().get(field);
      return node == null || node.isNull() ? null : node.asText();
    }
  }

  public String token(String subject, Role role) {
    return minter.mint(new Actor(subject, role), Duration.ofHours(1));
  }

  public Response reserve(String requester, String slotId, String idempotencyKey) {
    return post("/reservations", token(requester, Role.REQUESTER), Map.of("slotId", slotId), idempotencyKey);
  }

  /** {@code POST /reservations} as a frontend inside a trace of its own (W3C {@code traceparent}). */
  public Response reserve(String requester, String slotId, String idempotencyKey, String traceparent) {
    return post("/reservations", token(requester, Role.REQUESTER), Map.of("slotId", slotId), idempotencyKey,
        Map.of("traceparent", traceparent));
  }

  /**
   * Opens the server-sent event stream at {@code path} as a browser's EventSource does, with a bearer
   * token or none (a ticket in the path); its lines arrive in the returned list.
   */
  public List<String> stream(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
        .header("Accept", "text/event-stream");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpClient.newHttpClient().sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofLines())
        .thenAccept(r -> r.body().forEach(lines::add));
    return lines;
  }

  public Response get(String path, String token) {
    return get(path, token, Map.of());
  }

  public Response get(String path, String token, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl.get() + path)).GET()
        .timeout(Duration.ofSeconds(90));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    return send(b.build());
  }

  public Response post(String path, String token, Object body, String idempotencyKey) {
    return post(path, token, body, idempotencyKey, Map.of());
  }

  public Response post(String path, String token, Object body, String idempotencyKey,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body)))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    headers.forEach(b::header);
    return send(b.build());
  }

  public Response reservation(String id, String subject, Role role) {
    return get("/reservations/" + id, token(subject, role));
  }

  public Response vendorDecision(String id, String vendor, String decision) {
    return post("/reservations/" + id + "/vendor-decision", token(vendor, Role.VENDOR),
        Map.of("decision", decision), null);
  }

  public Response cancel(String id, String requester) {
    return post("/reservations/" + id + "/cancel", token(requester, Role.REQUESTER), null, null);
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    }
  }

  /** A POST with exactly this body text (for bodies a record cannot express). */
  public Response postRaw(String path, String token, String body, String idempotencyKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return send(b.build());
  }

  /** A GET written byte for byte on a socket: the request line may be what no URI class accepts. */
  public String rawGet(String pathAndQuery, String token) throws java.io.IOException {
    URI base = URI.create(baseUrl.get());
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost()
          + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
