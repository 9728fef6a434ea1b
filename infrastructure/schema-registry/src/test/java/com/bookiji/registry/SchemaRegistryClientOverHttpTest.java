package com.bookiji.registry;

import static com.bookiji.registry.RegistryFixture.PAID_INCOMPATIBLE;
import static com.bookiji.registry.RegistryFixture.PAID_V1;
import static com.bookiji.registry.RegistryFixture.PAID_V2;
import static com.bookiji.registry.RegistryFixture.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.schemas.registry.CompatibilityLevel;
import com.bookiji.schemas.registry.CompatibilityResult;
import com.bookiji.schemas.registry.RegisteredSchema;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.registry.SchemaRegistryException;
import com.bookiji.schemas.registry.SubjectVersion;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our registry client against the real registry server, over HTTP. */
class SchemaRegistryClientOverHttpTest {
  @TempDir Path dataDir;
  SchemaRegistryServer server;
  SchemaRegistryClient client;

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.start(0, dataDir);
    client = new SchemaRegistryClient(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static void assertRegistryError(ThrowingCallable call, int httpStatus, int errorCode, String text) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
      assertThat(e.httpStatus()).as("HTTP status").isEqualTo(httpStatus);
      assertThat(e.errorCode()).as("error_code").isEqualTo(errorCode);
      assertThat(e.getMessage()).contains(text);
    });
  }

  @Nested
  class Registering {
    @Test
    @DisplayName("registering the same schema twice under a subject returns the same id and one version")
    void sameSchemaSameSubject() {
      int id = client.register("paid-t.Paid", PAID_V1);

      assertThat(client.register("paid-t.Paid", PAID_V1)).isEqualTo(id);
      assertThat(client.versions("paid-t.Paid")).containsExactly(1);
    }

    @Test
    @DisplayName("the same schema under another subject gets the same id; a different schema a new one")
    void sameSchemaOtherSubject() {
      int id = client.register("a-t.Paid", PAID_V1);

      assertThat(client.register("b-t.Paid", PAID_V1)).isEqualTo(id);
      assertThat(client.register("c-t.Refunded", REFUNDED)).isNotEqualTo(id);
      assertThat(client.subjectsById(id)).containsExactly("a-t.Paid", "b-t.Paid");
      assertThat(client.subjectVersionsById(id))
          .containsExactly(new SubjectVersion("a-t.Paid", 1), new SubjectVersion("b-t.Paid", 1));
    }

    @Test
    @DisplayName("a compatible new version is added; an incompatible one is rejected with 409 naming the field")
    void evolution() {
      int v1 = client.register("paid", PAID_V1);
      int v2 = client.register("paid", PAID_V2);

      assertThat(v2).isNotEqualTo(v1);
      assertThat(client.versions("paid")).containsExactly(1, 2);
      assertRegistryError(() -> client.register("paid", PAID_INCOMPATIBLE), 409, 409,
          "READER_FIELD_MISSING_DEFAULT_VALUE@/fields/3:chargeId");
      assertThat(client.versions("paid")).containsExactly(1, 2);
    }
  }

  @Test
  @DisplayName("a subject whose schemas are plain types still registers (only records are our contracts)")
  void primitiveSchemasAreValidAvro() {
    assertThat(client.register("key", RegistryFixture.schema("\"string\""))).isPositive();
  }

  @Nested
  class LookingUp {
    @Test
    @DisplayName("looking a schema up returns its id and version; unknown subject 40401, unregistered schema 40403")
    void lookUp() {
      int id1 = client.register("paid", PAID_V1);
      int id2 = client.register("paid", PAID_V2);

      RegisteredSchema found = client.lookUp("paid", PAID_V1);

      assertThat(found.id()).isEqualTo(id1);
      assertThat(found.version()).isEqualTo(1);
      assertThat(found.subject()).isEqualTo("paid");
      assertThat(client.lookUp("paid", PAID_V2).version()).isEqualTo(2);
      assertThat(id2).isEqualTo(client.lookUp("paid", PAID_V2).id());
      assertRegistryError(() -> client.lookUp("nobody", PAID_V1), 404, 40401, "nobody");
      assertRegistryError(() -> client.lookUp("paid", REFUNDED), 404, 40403, "not found");
    }

    @Test
    @DisplayName("a schema is fetched by id, and an unknown id is 40403")
    void byId() {
      int id = client.register("paid", PAID_V1);

      assertThat(new SchemaRegistryClient(server.url()).schemaById(id)).isEqualTo(PAID_V1);
      assertRegistryError(() -> client.schemaById(4242), 404, 40403, "4242");
      assertRegistryError(() -> client.subjectsById(4242), 404, 40403, "4242");
      assertRegistryError(() -> client.subjectVersionsById(4242), 404, 40403, "4242");
    }

    @Test
    @DisplayName("subjects, versions, a version, the latest and the bare schema of a version can be read")
    void subjectsAndVersions() {
      client.register("paid", PAID_V1);
      int latestId = client.register("paid", PAID_V2);
      client.register("refunded", REFUNDED);

      assertThat(client.schemaTypes()).containsExactly("AVRO");
      assertThat(client.subjects()).containsExactly("paid", "refunded");
      assertThat(client.versions("paid")).containsExactly(1, 2);
      assertThat(client.version("paid", "1").schema()).isEqualTo(PAID_V1);
      assertThat(client.latest("paid")).isEqualTo(new RegisteredSchema("paid", latestId, 2, PAID_V2));
      assertThat(client.version("paid", "-1").version()).isEqualTo(2);
      assertThat(client.schemaOfVersion("paid", "1")).isEqualTo(PAID_V1);
    }

    @Test
    @DisplayName("missing subjects are 40401, missing versions 40402, malformed versions 42202")
    void missing() {
      client.register("paid", PAID_V1);

      assertRegistryError(() -> client.versions("nobody"), 404, 40401, "nobody");
      assertRegistryError(() -> client.latest("nobody"), 404, 40401, "nobody");
      assertRegistryError(() -> client.version("paid", "7"), 404, 40402, "Version 7");
      assertRegistryError(() -> client.version("paid", "abc"), 422, 42202, "abc");
      assertRegistryError(() -> client.version("paid", "0"), 422, 42202, "'0'");
    }
  }

  @Nested
  class Compatibility {
    @Test
    @DisplayName("testing compatibility says why, verbosely, without registering anything")
    void testCompatibility() {
      client.register("paid", PAID_V1);

      CompatibilityResult bad = client.testCompatibility("paid", PAID_INCOMPATIBLE, "latest", true);
      CompatibilityResult good = client.testCompatibility("paid", PAID_V2, "1", true);

      assertThat(bad.compatible()).isFalse();
      assertThat(bad.messages()).anySatisfy(m -> assertThat(m)
          .contains("READER_FIELD_MISSING_DEFAULT_VALUE@/fields/3:chargeId").contains("version 1"));
      assertThat(good).isEqualTo(new CompatibilityResult(true, java.util.List.of()));
      assertThat(client.testCompatibility("paid", PAID_INCOMPATIBLE, "latest", false))
          .isEqualTo(new CompatibilityResult(false, java.util.List.of()));
      assertThat(client.versions("paid")).containsExactly(1);
    }

    @Test
    @DisplayName("against the latest version of a new subject everything is compatible; a missing version is 40402")
    void testCompatibilityEdges() {
      assertThat(client.testCompatibility("fresh", PAID_V1, "latest", true).compatible()).isTrue();
      assertRegistryError(() -> client.testCompatibility("fresh", PAID_V1, "1", true), 404, 40401, "fresh");
      client.register("paid", PAID_V1);
      assertRegistryError(() -> client.testCompatibility("paid", PAID_V1, "9", true), 404, 40402, "9");
    }

    @Test
    @DisplayName("the global level defaults to BACKWARD; a subject's own level wins and can be removed")
    void levels() {
      assertThat(client.getCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
      assertThat(client.getCompatibility("paid")).isEqualTo(CompatibilityLevel.BACKWARD);

      assertThat(client.setCompatibility(CompatibilityLevel.FULL)).isEqualTo(CompatibilityLevel.FULL);
      assertThat(client.setCompatibility("paid", CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);

      assertThat(client.getCompatibility()).isEqualTo(CompatibilityLevel.FULL);
      assertThat(client.getCompatibility("paid")).isEqualTo(CompatibilityLevel.NONE);
      assertThat(client.getCompatibility("other")).isEqualTo(CompatibilityLevel.FULL);
      assertThat(client.deleteCompatibility("paid")).isEqualTo(CompatibilityLevel.NONE);
      assertThat(client.getCompatibility("paid")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    @DisplayName("registration follows the subject's level: NONE accepts anything, FORWARD rejects removed fields")
    void levelsApplyToRegistration() {
      client.register("loose", PAID_V1);
      client.setCompatibility("loose", CompatibilityLevel.NONE);
      assertThat(client.register("loose", PAID_INCOMPATIBLE)).isPositive();

      client.register("strict", PAID_V2);
      client.setCompatibility("strict", CompatibilityLevel.FORWARD);
      assertRegistryError(() -> client.register("strict", REFUNDED), 409, 409, "FORWARD");
    }

    @Test
    @DisplayName("BACKWARD_TRANSITIVE checks every earlier version, BACKWARD only the latest")
    void transitive() {
      client.setCompatibility(CompatibilityLevel.NONE);
      client.register("paid", PAID_V1);
      client.register("paid", RegistryFixture.schema("""
          {"type":"record","name":"Paid","namespace":"t","fields":[
            {"name":"reservationId","type":"string"}]}"""));
      var amountAsInt = RegistryFixture.schema("""
          {"type":"record","name":"Paid","namespace":"t","fields":[
            {"name":"reservationId","type":"string"},
            {"name":"amountMinor","type":"int","default":0}]}""");

      client.setCompatibility("paid", CompatibilityLevel.BACKWARD_TRANSITIVE);
      assertRegistryError(() -> client.register("paid", amountAsInt), 409, 409, "version 1");
      client.setCompatibility("paid", CompatibilityLevel.BACKWARD);
      assertThat(client.register("paid", amountAsInt)).isPositive();
    }
  }

  @Nested
  class Deleting {
    @Test
    @DisplayName("a subject is soft-deleted first (40404 when repeated), then permanently (40405 if not soft-deleted)")
    void deleteSubject() {
      int id = client.register("paid", PAID_V1);
      client.register("paid", PAID_V2);

      assertRegistryError(() -> client.deleteSubject("paid", true), 404, 40405, "paid");
      assertThat(client.deleteSubject("paid", false)).containsExactly(1, 2);
      assertThat(client.subjects()).doesNotContain("paid");
      assertThat(client.subjects(true)).contains("paid");
      assertRegistryError(() -> client.versions("paid"), 404, 40401, "paid");
      assertRegistryError(() -> client.deleteSubject("paid", false), 404, 40404, "soft deleted");
      assertThat(client.deleteSubject("paid", true)).containsExactly(1, 2);
      assertThat(client.subjects(true)).doesNotContain("paid");
      assertRegistryError(() -> client.deleteSubject("paid", true), 404, 40401, "paid");
      // Old records must stay readable: an id keeps resolving after its subject is gone.
      assertThat(new SchemaRegistryClient(server.url()).schemaById(id)).isEqualTo(PAID_V1);
      assertThat(client.register("paid", PAID_V1)).isEqualTo(id);
    }

    @Test
    @DisplayName("a soft-deleted subject accepts a re-registration as a new version")
    void reRegisterAfterSoftDelete() {
      client.register("paid", PAID_V1);
      client.deleteSubject("paid", false);

      client.register("paid", PAID_V1);

      assertThat(client.versions("paid")).containsExactly(2);
    }

    @Test
    @DisplayName("a version is soft-deleted (40406 when repeated), then permanently (40407 if not soft-deleted)")
    void deleteVersion() {
      client.register("paid", PAID_V1);
      client.register("paid", PAID_V2);

      assertRegistryError(() -> client.deleteVersion("paid", "1", true), 404, 40407, "Version 1");
      assertThat(client.deleteVersion("paid", "1", false)).isEqualTo(1);
      assertThat(client.versions("paid")).containsExactly(2);
      assertRegistryError(() -> client.deleteVersion("paid", "1", false), 404, 40406, "Version 1");
      assertThat(client.deleteVersion("paid", "1", true)).isEqualTo(1);
      assertRegistryError(() -> client.deleteVersion("paid", "1", true), 404, 40402, "Version 1");
    }
  }

  @Test
  @DisplayName("an unreachable registry surfaces as a retriable error with HTTP status 0")
  void unreachable() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    SchemaRegistryClient nowhere = new SchemaRegistryClient("http://127.0.0.1:" + freePort);

    assertThatThrownBy(nowhere::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
        e -> assertThat(e.retriable()).isTrue());
  }
}
