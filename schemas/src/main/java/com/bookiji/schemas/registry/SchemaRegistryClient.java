package com.bookiji.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API (our own {@code infrastructure/schema-registry} or a
 * real Confluent registry). Only AVRO schemas. Thread-safe; {@link #schemaById(int)} is cached
 * because an id never changes its schema.
 */
public final class SchemaRegistryClient {
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  public SchemaRegistryClient(String baseUrl) {
    this(baseUrl, Duration.ofSeconds(10));
  }

  public SchemaRegistryClient(String baseUrl, Duration timeout) {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("schema registry base URL is required");
    }
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public String baseUrl() { return baseUrl; }

  /** Registers the schema under the subject (or finds it already there) and returns its global id. */
  public int register(String subject, Schema schema) {
    JsonNode body = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
    int id = body.path("id").asInt();
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /** Finds the version of the subject with this schema; 40401/40403 when it is not registered. */
  public RegisteredSchema lookUp(String subject, Schema schema) {
    return registered(send("POST", "/subjects/" + enc(subject), schemaBody(schema)), subject);
  }

  /** The schema with this global id (40403 when unknown); cached. */
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = parse(send("GET", "/schemas/ids/" + id, null).path("schema").asText());
    schemasById.putIfAbsent(id, schema);
    return schema;
  }

  /** Every (subject, version) the schema id is registered under. */
  public List<SubjectVersion> subjectVersionsById(int id) {
    List<SubjectVersion> result = new ArrayList<>();
    for (JsonNode n : send("GET", "/schemas/ids/" + id + "/versions", null)) {
      result.add(new SubjectVersion(n.path("subject").asText(), n.path("version").asInt()));
    }
    return result;
  }

  /** Every subject the schema id is registered under. */
  public List<String> subjectsById(int id) {
    return strings(send("GET", "/schemas/ids/" + id + "/subjects", null));
  }

  public List<String> schemaTypes() {
    return strings(send("GET", "/schemas/types", null));
  }

  /** Subjects that are not (soft-)deleted. */
  public List<String> subjects() {
    return subjects(false);
  }

  public List<String> subjects(boolean includeSoftDeleted) {
    return strings(send("GET", "/subjects" + (includeSoftDeleted ? "?deleted=true" : ""), null));
  }

  public List<Integer> versions(String subject) {
    List<Integer> result = new ArrayList<>();
    send("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> result.add(n.asInt()));
    return result;
  }

  /** A version of the subject: a number or {@code "latest"}. */
  public RegisteredSchema version(String subject, String version) {
    return registered(
        send("GET", "/subjects/" + enc(subject) + "/versions/" + enc(version), null), subject);
  }

  public RegisteredSchema latest(String subject) {
    return version(subject, "latest");
  }

  /** Just the schema of a version ({@code /subjects/{s}/versions/{v}/schema}). */
  public Schema schemaOfVersion(String subject, String version) {
    return parse(send("GET", "/subjects/" + enc(subject) + "/versions/" + enc(version) + "/schema",
        null).toString());
  }

  /**
   * Tests the schema against a version of the subject (a number or {@code "latest"}) under the
   * subject's compatibility level; with {@code verbose} the result names what is incompatible.
   */
  public CompatibilityResult testCompatibility(String subject, Schema schema, String version,
      boolean verbose) {
    JsonNode body = send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/"
        + enc(version) + (verbose ? "?verbose=true" : ""), schemaBody(schema));
    return new CompatibilityResult(body.path("is_compatible").asBoolean(), strings(body.path("messages")));
  }

  public CompatibilityLevel getCompatibility() {
    return level(send("GET", "/config", null));
  }

  /** The subject's level, or the global one when the subject has none of its own. */
  public CompatibilityLevel getCompatibility(String subject) {
    return level(send("GET", "/config/" + enc(subject) + "?defaultToGlobal=true", null));
  }

  public CompatibilityLevel setCompatibility(CompatibilityLevel level) {
    return level(send("PUT", "/config", levelBody(level)));
  }

  public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
    return level(send("PUT", "/config/" + enc(subject), levelBody(level)));
  }

  /** Removes the subject's own level so the global one applies again; returns the removed level. */
  public CompatibilityLevel deleteCompatibility(String subject) {
    return level(send("DELETE", "/config/" + enc(subject), null));
  }

  /**
   * Deletes the subject: soft first ({@code permanent=false}), then permanently. Returns the
   * versions deleted.
   */
  public List<Integer> deleteSubject(String subject, boolean permanent) {
    List<Integer> result = new ArrayList<>();
    send("DELETE", "/subjects/" + enc(subject) + (permanent ? "?permanent=true" : ""), null)
        .forEach(n -> result.add(n.asInt()));
    return result;
  }

  /** Deletes one version (soft first, then permanently); returns the version number deleted. */
  public int deleteVersion(String subject, String version, boolean permanent) {
    return send("DELETE", "/subjects/" + enc(subject) + "/versions/" + enc(version)
        + (permanent ? "?permanent=true" : ""), null).asInt();
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .header("Accept", CONTENT_TYPE + ", application/json")
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SchemaRegistryException(0, 0,
          "schema registry at " + baseUrl + " unreachable: " + method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(0, 0, "interrupted calling schema registry", e);
    }
    JsonNode json = readJson(response.body());
    if (response.statusCode() / 100 != 2) {
      int errorCode = json != null && json.has("error_code")
          ? json.get("error_code").asInt() : response.statusCode();
      String message = json != null && json.has("message")
          ? json.get("message").asText() : response.body();
      throw new SchemaRegistryException(response.statusCode(), errorCode,
          method + " " + path + ": " + message);
    }
    if (json == null) {
      throw new SchemaRegistryException(response.statusCode(), response.statusCode(),
          method + " " + path + ": response is not JSON: " + response.body());
    }
    return json;
  }

  private static JsonNode readJson(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static ObjectNode schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body;
  }

  private static ObjectNode levelBody(CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", level.name());
    return body;
  }

  private static CompatibilityLevel level(JsonNode body) {
    String text = body.has("compatibilityLevel")
        ? body.get("compatibilityLevel").asText() : body.path("compatibility").asText();
    return CompatibilityLevel.parse(text).orElseThrow(() -> new SchemaRegistryException(200, 0,
        "unknown compatibility level in registry response: " + body));
  }

  private RegisteredSchema registered(JsonNode body, String subject) {
    int id = body.path("id").asInt();
    Schema schema = schemasById.computeIfAbsent(id, i -> parse(body.path("schema").asText()));
    return new RegisteredSchema(body.path("subject").asText(subject), id,
        body.path("version").asInt(), schema);
  }

  private static Schema parse(String schemaText) {
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
          "registry returned a schema that does not parse: " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(n -> result.add(n.asText()));
    return result;
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
