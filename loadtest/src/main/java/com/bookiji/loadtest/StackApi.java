package com.bookiji.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw requests to the stack's APIs that are not the public booking API (which goes through
 * {@link com.bookiji.platform.client.BookingClient}): actuator endpoints, the reconciler's ops API,
 * the Stripe simulator's API and its control API, and the stress suite's deliberately odd requests.
 * One pooled HTTP/1.1 client, shared with the booking client.
 */
public final class StackApi {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** A reply as it came. */
  public record Reply(int status, String body) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public JsonNode json() {
      try {
        return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
      } catch (RuntimeException e) {
        return JSON.missingNode();
      }
    }

    /** "HTTP 409 SLOT_UNAVAILABLE" — the problem's stable code when there is one. */
    public String describe() {
      String code = json().path("code").asString("");
      return "HTTP " + status + (code.isEmpty() ? "" : " " + code);
    }
  }

  private final HttpClient client;

  public StackApi(HttpClient client) {
    this.client = client;
  }

  /** HTTP/1.1 (what the services speak), a 5-second connect timeout, the caller's threads. */
  public static HttpClient httpClient(ExecutorService executor) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(executor)
        .build();
  }

  public Reply get(String url, String bearer) throws IOException, InterruptedException {
    return send(request(url, bearer).GET().build());
  }

  public Reply postJson(String url, String bearer, Object body, Map<String, String> headers)
      throws IOException, InterruptedException {
    return send(json(url, bearer, body, headers));
  }

  /** Any request: a form or JSON body (or none), extra headers; for the simulator's API and its control API. */
  public Reply send(String method, String url, String bearer, String contentType, String body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(url, bearer)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    return send(b.build());
  }

  public static String form(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private HttpRequest json(String url, String bearer, Object body, Map<String, String> headers) {
    HttpRequest.Builder b = request(url, bearer)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, application/problem+json")
        .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
    headers.forEach(b::header);
    return b.build();
  }

  private static HttpRequest.Builder request(String url, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  private Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
