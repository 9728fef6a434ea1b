package com.bookiji.platform.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HttpServer on loopback that answers canned responses per "METHOD path" and records what
 * it received: the client is tested over real HTTP, nothing of it is mocked.
 */
final class FakeApi implements AutoCloseable {

  record Answer(int status, String contentType, String body, Map<String, String> headers) {}

  record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  FakeApi answer(String methodAndPath, int status, String contentType, String body, Map<String, String> headers) {
    answers.put(methodAndPath, new Answer(status, contentType, body, headers));
    return this;
  }

  FakeApi json(String methodAndPath, int status, String body, Map<String, String> headers) {
    return answer(methodAndPath, status, "application/json", body, headers);
  }

  FakeApi problem(String methodAndPath, int status, String code) {
    return answer(methodAndPath, status, "application/problem+json",
        "{\"type\":\"urn:bookiji:problem:" + code + "\",\"title\":\"Refused\",\"status\":" + status
            + ",\"detail\":\"because of " + code + "\",\"code\":\"" + code + "\"}", Map.of());
  }

  Received last() {
    return received.get(received.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    URI uri = exchange.getRequestURI();
    received.add(new Received(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
        Map.copyOf(exchange.getRequestHeaders()), body));
    Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + uri.getPath(),
        new Answer(404, "application/problem+json", "{\"status\":404,\"code\":\"NOT_FOUND\"}", Map.of()));
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    if (answer.status() == 304) {
      exchange.sendResponseHeaders(304, -1);
      exchange.close();
      return;
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
