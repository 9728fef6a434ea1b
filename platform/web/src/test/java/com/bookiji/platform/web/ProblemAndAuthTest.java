package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemAndAuthTest {

  static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";

  @LocalServerPort int port;

  final HttpClient http = HttpClient.newHttpClient();
  final JsonMapper json = JsonMapper.builder().build();
  final TokenMinter minter = new TokenMinter(SECRET);
  final String vendorToken = minter.mint(new Actor("vendor-1", Role.VENDOR), Duration.ofMinutes(5));
  final String requesterToken =
      minter.mint(new Actor("requester-1", Role.REQUESTER), Duration.ofMinutes(5));

  record Reply(int status, String contentType, JsonNode body, String raw, String wwwAuthenticate) {
    String code() {
      return body == null || body.get("code") == null ? null : body.get("code").asString();
    }
  }

  Reply call(String method, String path, String token, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node = null;
    try {
      node = r.body().isBlank() ? null : json.readTree(r.body());
    } catch (RuntimeException notJson) {
      // left null: the assertion on the content type will say what went wrong
    }
    return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), node,
        r.body(), r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.contentType()).as(r.raw()).startsWith("application/problem+json");
    assertThat(r.code()).as(r.raw()).isEqualTo(code);
    assertThat(r.body().get("status").asInt()).isEqualTo(status);
    assertThat(r.body().get("title").asString()).isNotBlank();
  }

  @Test
  @DisplayName("an authenticated caller is resolved as an Actor from the token's subject and role")
  void actorResolved() throws Exception {
    Reply r = call("GET", "/test/me", vendorToken, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("id").asString()).isEqualTo("vendor-1");
    assertThat(r.body().get("role").asString()).isEqualTo("VENDOR");
  }

  @Test
  @DisplayName("an async (Callable) endpoint completes for an authenticated caller")
  void asyncDispatch() throws Exception {
    Reply r = call("GET", "/test/async", vendorToken, null);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.raw()).isEqualTo("async vendor-1");
    assertProblem(call("GET", "/test/async", null, null), 401, "UNAUTHENTICATED");
  }

  @Test
  @DisplayName("a request without a token is answered 401 UNAUTHENTICATED as problem+json")
  void noToken() throws Exception {
    Reply r = call("GET", "/test/me", null, null);
    assertProblem(r, 401, "UNAUTHENTICATED");
    assertThat(r.wwwAuthenticate()).startsWith("Bearer");
  }

  @Test
  @DisplayName("a token signed with another secret is answered 401")
  void badSignature() throws Exception {
    String forged = new TokenMinter("another-secret-that-is-also-32-bytes-long")
        .mint(new Actor("vendor-1", Role.VENDOR), Duration.ofMinutes(5));
    Reply r = call("GET", "/test/me", forged, null);
    assertProblem(r, 401, "UNAUTHENTICATED");
    assertThat(r.wwwAuthenticate()).contains("invalid_token");
  }

  @Test
  @DisplayName("an expired token is answered 401")
  void expired() throws Exception {
    Instant now = Instant.now();
    String old = minter.mint("vendor-1", Role.VENDOR, now.minusSeconds(600), now.minusSeconds(120));
    assertProblem(call("GET", "/test/me", old, null), 401, "UNAUTHENTICATED");
  }

  @Test
  @DisplayName("a malformed bearer token is answered 401")
  void garbageToken() throws Exception {
    assertProblem(call("GET", "/test/me", "not.a.jwt", null), 401, "UNAUTHENTICATED");
  }

  @Test
  @DisplayName("a caller with the wrong role is answered 403 FORBIDDEN (method security)")
  void wrongRoleMethodSecurity() throws Exception {
    assertProblem(call("GET", "/test/vendor-only", requesterToken, null), 403, "FORBIDDEN");
    assertThat(call("GET", "/test/vendor-only", vendorToken, null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a caller with the wrong role is answered 403 FORBIDDEN (Actor.requireRole)")
  void wrongRoleActor() throws Exception {
    assertProblem(call("GET", "/test/requester-only", vendorToken, null), 403, "FORBIDDEN");
    assertThat(call("GET", "/test/requester-only", requesterToken, null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an ApiProblem keeps its status, code and extension members")
  void apiProblem() throws Exception {
    Reply r = call("GET", "/test/conflict", vendorToken, null);
    assertProblem(r, 409, "SLOT_OVERLAP");
    assertThat(r.body().get("detail").asString()).isEqualTo("the slot overlaps another slot");
    assertThat(r.body().get("conflictingSlotId").asString()).isEqualTo("slot-7");
    assertThat(r.body().get("instance").asString()).isEqualTo("/test/conflict");
    assertProblem(call("GET", "/test/teapot", vendorToken, null), 418, "TEAPOT");
  }

  @Test
  @DisplayName("bean-validation errors are 400 VALIDATION_FAILED with the offending fields")
  void validation() throws Exception {
    Reply r = call("POST", "/test/things", vendorToken, "{\"name\":\"\",\"amount\":-1}");
    assertProblem(r, 400, "VALIDATION_FAILED");
    assertThat(r.body().get("errors")).hasSize(2);
    assertThat(r.raw()).contains("\"field\":\"name\"").contains("\"field\":\"amount\"");
  }

  @Test
  @DisplayName("unreadable JSON is 400 MALFORMED_REQUEST and does not echo the payload")
  void malformed() throws Exception {
    Reply r = call("POST", "/test/things", vendorToken, "{\"name\": \"x\", oops");
    assertProblem(r, 400, "MALFORMED_REQUEST");
    assertThat(r.raw()).doesNotContain("oops");
  }

  @Test
  @DisplayName("a missing required header is 400 MISSING_HEADER")
  void missingHeader() throws Exception {
    assertProblem(call("GET", "/test/header", vendorToken, null), 400, "MISSING_HEADER");
    assertThat(call("GET", "/test/header", vendorToken, null, "Idempotency-Key", "k1").raw())
        .isEqualTo("k1");
  }

  @Test
  @DisplayName("an unknown route is 404 NOT_FOUND and a wrong method 405 METHOD_NOT_ALLOWED")
  void notFoundAndMethod() throws Exception {
    assertProblem(call("GET", "/no/such/route", vendorToken, null), 404, "NOT_FOUND");
    assertProblem(call("DELETE", "/test/me", vendorToken, null), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  @DisplayName("an unexpected exception is 500 INTERNAL_ERROR without internals")
  void unexpected() throws Exception {
    Reply r = call("GET", "/test/boom", vendorToken, null);
    assertProblem(r, 500, "INTERNAL_ERROR");
    assertThat(r.raw()).doesNotContain("secret internals");
  }

  @Test
  @DisplayName("health and the OpenAPI document are public")
  void publicEndpoints() throws Exception {
    assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
    Reply docs = call("GET", "/v3/api-docs", null, null);
    assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
    assertThat(docs.raw()).contains("/test/me").contains("bearer");
    assertThat(docs.raw()).doesNotContain("\"name\":\"actor\"");
  }

  @Test
  @DisplayName("a correctly signed token without exp is answered 401")
  void tokenWithoutExpiry() throws Exception {
    String forever = minter.sign("{\"sub\":\"vendor-1\",\"role\":\"VENDOR\"}");
    assertProblem(call("GET", "/test/me", forever, null), 401, "UNAUTHENTICATED");
  }

  @Test
  @DisplayName("a body over the limit is 413 PAYLOAD_TOO_LARGE, declared or chunked, before the handler")
  void bodyTooLarge() throws Exception {
    String big = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\",\"amount\":1}";
    assertProblem(call("POST", "/test/things", vendorToken, big), 413, "PAYLOAD_TOO_LARGE");
    HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/test/things"))
        .header("Authorization", "Bearer " + vendorToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .build();
    HttpResponse<String> r = http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(call("POST", "/test/things", vendorToken, "{\"name\":\"" + "x".repeat(1000)
        + "\",\"amount\":1}").status()).as("under the limit").isEqualTo(200);
  }

  @Test
  @DisplayName("CORS: a configured origin may call the API from a browser, another may not")
  void cors() throws Exception {
    HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/test/things"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.bookiji.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.bookiji.example");
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/test/things"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  @DisplayName("a query string that is not validly percent-encoded is 400 INVALID_PARAMETER, not 500")
  void badPercentEncoding() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET /test/search?cursor=%%% HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + vendorToken + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(raw).startsWith("HTTP/1.1 400");
      assertThat(raw).contains("application/problem+json").contains("\"code\":\"INVALID_PARAMETER\"");
    }
    assertThat(call("GET", "/test/search?cursor=abc", vendorToken, null).raw()).isEqualTo("cursor abc");
  }
}
