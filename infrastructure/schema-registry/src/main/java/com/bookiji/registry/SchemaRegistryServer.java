package com.bookiji.registry;

import com.bookiji.registry.RegistryStore.Version;
import com.bookiji.schemas.registry.CompatibilityLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A small, durable schema registry speaking the Confluent REST API (AVRO only), for tests and the
 * local stack: JDK {@code HttpServer} + Jackson, no framework, starts in milliseconds. State lives
 * in an append-only journal in the data directory (see {@link Journal}).
 */
public final class SchemaRegistryServer implements AutoCloseable {
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  public static final int DEFAULT_PORT = 8081;

  private static final System.Logger LOG = System.getLogger(SchemaRegistryServer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService executor;
  private final RegistryStore store;
  private final Path dataDir;
  private volatile boolean closed;

  private SchemaRegistryServer(HttpServer http, ExecutorService executor, RegistryStore store,
      Path dataDir) {
    this.http = http;
    this.executor = executor;
    this.store = store;
    this.dataDir = dataDir;
  }

  /** Starts on the loopback interface; {@code port} 0 picks a free port. */
  public static SchemaRegistryServer start(int port, Path dataDir) {
    return start(InetAddress.getLoopbackAddress(), port, dataDir);
  }

  public static SchemaRegistryServer start(InetAddress host, int port, Path dataDir) {
    RegistryStore store = new RegistryStore(dataDir.toAbsolutePath());
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 64);
      AtomicInteger threads = new AtomicInteger();
      ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      http.setExecutor(executor);
      SchemaRegistryServer server = new SchemaRegistryServer(http, executor, store,
          dataDir.toAbsolutePath());
      http.createContext("/", server::handle);
      http.start();
      return server;
    } catch (IOException | RuntimeException e) {
      store.close();
      throw new IllegalStateException("cannot start schema registry on port " + port + ": " + e, e);
    }
  }

  public int port() { return http.getAddress().getPort(); }

  public String url() {
    String host = http.getAddress().getAddress().isAnyLocalAddress()
        ? "127.0.0.1" : http.getAddress().getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  public Path dataDir() { return dataDir; }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    http.stop(0);
    executor.shutdownNow();
    store.close();
  }

  /** {@code [--port 8081] [--data-dir ./schema-registry-data] [--host 127.0.0.1]}; {@code --help} explains them. */
  public static void main(String[] args) throws Exception {
    RegistryCommandLine.Parsed options = RegistryCommandLine.parse(args,
        new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (!options.runs()) {
      System.exit(options.exitCode());
    }
    SchemaRegistryServer server = start(options.host(), options.port(), options.dataDir());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "schema-registry-shutdown"));
    System.out.println("Schema registry listening on " + server.url() + " (data in "
        + server.dataDir() + ")");
    stopped.await();
  }

  // ---- HTTP ------------------------------------------------------------------------------

  private record Request(String method, List<String> path, Map<String, String> query, byte[] body) {
    boolean flag(String name) { return "true".equalsIgnoreCase(query.get(name)); }
  }

  private record Response(int status, Object body) {}

  private void handle(HttpExchange exchange) {
    Response response;
    try {
      Request request = new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
          segments(exchange.getRequestURI().getRawPath()), query(exchange.getRequestURI().getRawQuery()),
          exchange.getRequestBody().readAllBytes());
      response = route(request);
    } catch (RegistryError e) {
      response = error(e.httpStatus, e.errorCode, e.getMessage());
    } catch (JsonProcessingException e) {
      response = error(400, 400, "Malformed JSON request body: " + e.getOriginalMessage());
    } catch (RuntimeException | IOException e) {
      LOG.log(Level.ERROR, "schema registry request failed: " + exchange.getRequestMethod() + " "
          + exchange.getRequestURI(), e);
      response = error(500, 50001, "Error in the backend data store: " + e);
    }
    try (exchange) {
      byte[] bytes = response.body() instanceof String raw
          ? raw.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(response.body());
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(response.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "client went away before the response was sent", e);
    }
  }

  private Response route(Request r) throws IOException {
    List<String> p = r.path();
    int n = p.size();
    String first = n > 0 ? p.get(0) : "";
    switch (first) {
      case "" -> {
        if (n == 0) {
          return method(r, "GET") ? ok(JSON.createObjectNode()) : notAllowed();
        }
      }
      case "subjects" -> {
        if (n == 1) {
          return method(r, "GET")
              ? ok(store.subjectNames(r.flag("deleted"), r.query().get("subjectPrefix"))) : notAllowed();
        }
        String subject = p.get(1);
        if (n == 2) {
          return switch (r.method()) {
            case "POST" -> ok(versionBody(store.lookUp(subject, avroSchema(r.body()), r.flag("deleted"))));
            case "DELETE" -> ok(store.deleteSubject(subject, r.flag("permanent")));
            default -> notAllowed();
          };
        }
        if (!p.get(2).equals("versions")) {
          break;
        }
        if (n == 3) {
          return switch (r.method()) {
            case "GET" -> ok(store.versions(subject, r.flag("deleted")).stream().map(Version::version).toList());
            case "POST" -> {
              Version v = store.register(subject, avroSchema(r.body()));
              yield ok(JSON.createObjectNode().put("id", v.id()));
            }
            default -> notAllowed();
          };
        }
        String version = p.get(3);
        if (n == 4) {
          return switch (r.method()) {
            case "GET" -> ok(versionBody(store.version(subject, version, r.flag("deleted"))));
            case "DELETE" -> ok(store.deleteVersion(subject, version, r.flag("permanent")));
            default -> notAllowed();
          };
        }
        if (n == 5 && p.get(4).equals("schema")) {
          return method(r, "GET") ? new Response(200,
              schemaText(store.version(subject, version, r.flag("deleted")).id())) : notAllowed();
        }
        if (n == 5 && p.get(4).equals("referencedby")) {
          store.version(subject, version, true);
          return method(r, "GET") ? ok(List.of()) : notAllowed();
        }
      }
      case "schemas" -> {
        if (n == 2 && p.get(1).equals("types")) {
          return method(r, "GET") ? ok(List.of("AVRO")) : notAllowed();
        }
        if (n >= 3 && n <= 4 && p.get(1).equals("ids")) {
          int id = schemaId(p.get(2));
          if (n == 3) {
            return method(r, "GET")
                ? ok(JSON.createObjectNode().put("schema", schemaText(id))) : notAllowed();
          }
          switch (p.get(3)) {
            case "schema" -> {
              return method(r, "GET") ? new Response(200, schemaText(id)) : notAllowed();
            }
            case "versions" -> {
              if (!method(r, "GET")) {
                return notAllowed();
              }
              ArrayNode result = JSON.createArrayNode();
              store.versionsOfId(id, r.flag("deleted")).forEach(v ->
                  result.addObject().put("subject", v.subject()).put("version", v.version()));
              return ok(result);
            }
            case "subjects" -> {
              return method(r, "GET") ? ok(store.subjectsOfId(id, r.flag("deleted"))) : notAllowed();
            }
            default -> { }
          }
        }
      }
      case "compatibility" -> {
        if ((n == 4 || n == 5) && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
          if (!method(r, "POST")) {
            return notAllowed();
          }
          List<String> problems = store.compatibilityProblems(p.get(2), avroSchema(r.body()),
              n == 5 ? p.get(4) : null);
          ObjectNode result = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
          if (r.flag("verbose")) {
            problems.forEach(result.putArray("messages")::add);
            if (problems.isEmpty()) {
              result.putArray("messages");
            }
          }
          return ok(result);
        }
      }
      case "config" -> {
        if (n == 1 || n == 2) {
          String subject = n == 2 ? p.get(1) : null;
          return switch (r.method()) {
            case "GET" -> ok(levelBody("compatibilityLevel", currentLevel(subject, r.flag("defaultToGlobal"))));
            case "PUT" -> {
              CompatibilityLevel level = requestedLevel(r.body(), subject);
              store.setLevel(subject, level);
              yield ok(levelBody("compatibility", level));
            }
            case "DELETE" -> {
              CompatibilityLevel previous = subject == null
                  ? store.globalLevel() : currentLevel(subject, false);
              store.setLevel(subject, null);
              yield ok(levelBody("compatibilityLevel", previous));
            }
            default -> notAllowed();
          };
        }
      }
      case "mode" -> {
        if (n == 1 || n == 2) {
          return method(r, "GET")
              ? ok(JSON.createObjectNode().put("mode", "READWRITE")) : notAllowed();
        }
      }
      default -> { }
    }
    return error(404, 404, "HTTP 404 Not Found");
  }

  private CompatibilityLevel currentLevel(String subject, boolean defaultToGlobal) {
    if (subject == null) {
      return store.globalLevel();
    }
    return store.subjectLevel(subject).orElseGet(() -> {
      if (defaultToGlobal) {
        return store.globalLevel();
      }
      throw new RegistryError(404, 40408, "Subject '" + subject
          + "' does not have subject-level compatibility configured");
    });
  }

  private CompatibilityLevel requestedLevel(byte[] body, String subject) throws IOException {
    JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    JsonNode level = json.hasNonNull("compatibility") ? json.get("compatibility")
        : json.get("compatibilityLevel");
    if (level == null) {
      // Newer clients may send only other settings (normalize, alias...): keep the level.
      return subject == null ? store.globalLevel() : store.effectiveLevel(subject);
    }
    return CompatibilityLevel.parse(level.asText())
        .orElseThrow(() -> RegistryError.invalidCompatibility(level.asText()));
  }

  private static ObjectNode levelBody(String field, CompatibilityLevel level) {
    return JSON.createObjectNode().put(field, level.name());
  }

  private ObjectNode versionBody(Version v) {
    return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version())
        .put("id", v.id()).put("schema", schemaText(v.id()));
  }

  private String schemaText(int id) {
    return store.schemaText(id).orElseThrow(() -> RegistryError.schemaNotFound(String.valueOf(id)));
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryError.schemaNotFound(text);
    }
  }

  /**
   * Reads a register/lookup/compatibility body. Only {@code schema}, {@code schemaType} and
   * {@code references} matter; anything else newer clients send (metadata, ruleSet...) is ignored.
   */
  private static Schema avroSchema(byte[] body) throws IOException {
    if (body.length == 0) {
      throw RegistryError.invalidSchema("the request has no body; expected {\"schema\": \"...\"}");
    }
    JsonNode json = JSON.readTree(body);
    String type = json.hasNonNull("schemaType") ? json.get("schemaType").asText() : "AVRO";
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw RegistryError.invalidSchema("schema type " + type
          + " is not supported by this registry; only AVRO is");
    }
    JsonNode references = json.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw RegistryError.invalidSchema("schema references are not supported by this registry");
    }
    JsonNode schema = json.get("schema");
    if (schema == null || schema.isNull() || (schema.isTextual() && schema.asText().isBlank())) {
      throw RegistryError.invalidSchema("empty schema");
    }
    String text = schema.isTextual() ? schema.asText() : schema.toString();
    try {
      return new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      throw RegistryError.invalidSchema(e.getMessage());
    }
  }

  private static boolean method(Request r, String method) {
    return r.method().equals(method);
  }

  private static Response ok(Object body) {
    return new Response(200, body);
  }

  private static Response notAllowed() {
    return error(405, 405, "HTTP 405 Method Not Allowed");
  }

  private static Response error(int status, int code, String message) {
    return new Response(status, JSON.createObjectNode().put("error_code", code).put("message", message));
  }

  private static List<String> segments(String rawPath) {
    List<String> result = new ArrayList<>();
    for (String s : (rawPath == null ? "" : rawPath).split("/")) {
      if (!s.isEmpty()) {
        result.add(decode(s));
      }
    }
    return result;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> result = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      result.put(name, eq < 0 ? "true" : decode(pair.substring(eq + 1)));
    }
    return result;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
