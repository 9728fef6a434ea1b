package com.bookiji.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Confluent's own clients (and curl) send, byte for byte, and what they get back. */
class RawHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  @TempDir Path dataDir;
  SchemaRegistryServer server;
  final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, String contentType, JsonNode body, String raw) {}

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.start(0, dataDir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Reply call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    return new Reply(response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""), json, response.body());
  }

  static String registerBody(String schema) {
    ObjectNode body = JSON.createObjectNode().put("schema", schema);
    return body.toString();
  }

  @Test
  @DisplayName("the extra fields and query parameters newer Confluent clients send are ignored, never refused")
  void toleratesNewerClients() throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("schemaType", "AVRO");
    body.put("schema", RegistryFixture.PAID_V1.toString());
    body.putArray("references");
    body.putObject("metadata").putObject("properties").put("owner", "payments");
    body.putObject("ruleSet").putArray("domainRules");
    body.put("normalize", true);
    body.put("somethingFromTheFuture", 42);

    Reply registered = call("POST", "/subjects/paid/versions?normalize=true&format=", body.toString());
    Reply lookedUp = call("POST", "/subjects/paid?normalize=true&deleted=false", body.toString());
    Reply byId = call("GET", "/schemas/ids/" + registered.body().get("id").asInt()
        + "?subject=paid&fetchMaxId=false&format=resolved", null);
    Reply subjects = call("GET", "/subjects?deleted=false&lookupDeletedSchema=false", null);
    Reply compat = call("POST", "/compatibility/subjects/paid/versions/latest?verbose=true&normalize=true",
        body.toString());
    ObjectNode config = JSON.createObjectNode().put("compatibility", "BACKWARD").put("normalize", true);
    config.putObject("defaultMetadata");
    Reply setConfig = call("PUT", "/config/paid", config.toString());

    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.body().get("id").asInt()).isPositive();
    assertThat(lookedUp.status()).isEqualTo(200);
    assertThat(lookedUp.body().get("version").asInt()).isEqualTo(1);
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.body().get("schema").asText()).isEqualTo(RegistryFixture.PAID_V1.toString());
    assertThat(subjects.body()).hasSize(1);
    assertThat(compat.body().get("is_compatible").asBoolean()).isTrue();
    assertThat(setConfig.body().get("compatibility").asText()).isEqualTo("BACKWARD");
  }

  @Test
  @DisplayName("responses carry Confluent's content type; the bare schema endpoint returns the schema JSON itself")
  void contentType() throws Exception {
    call("POST", "/subjects/paid/versions", registerBody(RegistryFixture.PAID_V1.toString()));

    Reply version = call("GET", "/subjects/paid/versions/1", null);
    Reply bare = call("GET", "/subjects/paid/versions/latest/schema", null);
    Reply bareById = call("GET", "/schemas/ids/1/schema", null);

    assertThat(version.contentType()).isEqualTo(CONTENT_TYPE);
    assertThat(version.body().properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactly("subject", "version", "id", "schema");
    assertThat(bare.body()).isEqualTo(JSON.readTree(RegistryFixture.PAID_V1.toString()));
    assertThat(bareById.body()).isEqualTo(bare.body());
    assertThat(call("GET", "/", null).raw()).isEqualTo("{}");
    assertThat(call("GET", "/schemas/types", null).raw()).isEqualTo("[\"AVRO\"]");
    assertThat(call("GET", "/mode", null).body().get("mode").asText()).isEqualTo("READWRITE");
  }

  @Test
  @DisplayName("unknown routes are 404 and wrong methods 405, both with a JSON error body")
  void routingErrors() throws Exception {
    Reply notFound = call("GET", "/nothing/here", null);
    Reply wrongMethod = call("PUT", "/subjects", "{}");
    Reply wrongMethodOnVersions = call("DELETE", "/subjects/paid/versions", null);

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.contentType()).isEqualTo(CONTENT_TYPE);
    assertThat(notFound.body().get("error_code").asInt()).isEqualTo(404);
    assertThat(notFound.body().get("message").asText()).isNotBlank();
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.body().get("error_code").asInt()).isEqualTo(405);
    assertThat(wrongMethodOnVersions.status()).isEqualTo(405);
  }

  @Test
  @DisplayName("invalid Avro, other schema types, schema references and empty bodies are 42201")
  void invalidSchemas() throws Exception {
    Reply notAvro = call("POST", "/subjects/x/versions", registerBody("{\"type\":\"recrd\"}"));
    ObjectNode protobuf = JSON.createObjectNode().put("schemaType", "PROTOBUF")
        .put("schema", "syntax = \"proto3\"; message M {}");
    Reply otherType = call("POST", "/subjects/x/versions", protobuf.toString());
    ObjectNode withRefs = JSON.createObjectNode().put("schema", RegistryFixture.PAID_V1.toString());
    withRefs.putArray("references").addObject().put("name", "a").put("subject", "b").put("version", 1);
    Reply references = call("POST", "/subjects/x/versions", withRefs.toString());
    Reply empty = call("POST", "/subjects/x/versions", "{}");

    for (Reply reply : java.util.List.of(notAvro, otherType, references, empty)) {
      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.body().get("error_code").asInt()).isEqualTo(42201);
    }
    assertThat(otherType.body().get("message").asText()).contains("PROTOBUF").contains("only AVRO");
    assertThat(call("GET", "/subjects", null).raw()).isEqualTo("[]");
  }

  @Test
  @DisplayName("a schema may also be sent as a JSON object rather than a string")
  void schemaAsObject() throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.set("schema", JSON.readTree(RegistryFixture.PAID_V1.toString()));

    assertThat(call("POST", "/subjects/paid/versions", body.toString()).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("malformed JSON is 400 and an unknown compatibility level 42203")
  void badRequests() throws Exception {
    Reply malformed = call("POST", "/subjects/x/versions", "{not json");
    Reply badLevel = call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}");

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().get("error_code").asInt()).isEqualTo(400);
    assertThat(badLevel.status()).isEqualTo(422);
    assertThat(badLevel.body().get("error_code").asInt()).isEqualTo(42203);
    assertThat(call("GET", "/config", null).body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  @DisplayName("a subject without its own level is 40408 unless defaultToGlobal=true")
  void subjectConfig() throws Exception {
    Reply own = call("GET", "/config/paid", null);
    Reply fallback = call("GET", "/config/paid?defaultToGlobal=true", null);

    assertThat(own.status()).isEqualTo(404);
    assertThat(own.body().get("error_code").asInt()).isEqualTo(40408);
    assertThat(fallback.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
  }

  @Test
  @DisplayName("subject names are URL-decoded, so names with dots, dashes and encoded characters work")
  void encodedSubjects() throws Exception {
    String subject = "availability.commands-com.bookiji.schemas.availability.HoldSlot";
    call("POST", "/subjects/" + subject + "/versions", registerBody(RegistryFixture.PAID_V1.toString()));
    call("POST", "/subjects/a%20b%2Bc/versions", registerBody(RegistryFixture.PAID_V1.toString()));

    assertThat(call("GET", "/subjects", null).body()).extracting(JsonNode::asText)
        .containsExactly("a b+c", subject);
  }
}
