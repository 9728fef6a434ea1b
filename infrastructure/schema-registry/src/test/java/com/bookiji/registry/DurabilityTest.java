package com.bookiji.registry;

import static com.bookiji.registry.RegistryFixture.PAID_V1;
import static com.bookiji.registry.RegistryFixture.PAID_V2;
import static com.bookiji.registry.RegistryFixture.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.schemas.registry.CompatibilityLevel;
import com.bookiji.schemas.registry.RegisteredSchema;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {
  @TempDir Path dataDir;

  @Test
  @DisplayName("ids, versions, levels and deletions survive a restart on the same data dir, and ids are not reused")
  void survivesRestart() {
    int paid1;
    int paid2;
    int refunded;
    try (SchemaRegistryServer server = SchemaRegistryServer.start(0, dataDir)) {
      SchemaRegistryClient client = new SchemaRegistryClient(server.url());
      paid1 = client.register("paid", PAID_V1);
      paid2 = client.register("paid", PAID_V2);
      refunded = client.register("refunded", REFUNDED);
      client.register("gone", REFUNDED);
      client.deleteSubject("gone", false);
      client.register("vanished", REFUNDED);
      client.deleteSubject("vanished", false);
      client.deleteSubject("vanished", true);
      client.setCompatibility(CompatibilityLevel.FULL);
      client.setCompatibility("paid", CompatibilityLevel.NONE);
    }

    try (SchemaRegistryServer server = SchemaRegistryServer.start(0, dataDir)) {
      SchemaRegistryClient client = new SchemaRegistryClient(server.url());

      assertThat(client.subjects()).containsExactly("paid", "refunded");
      assertThat(client.subjects(true)).containsExactly("gone", "paid", "refunded");
      assertThat(client.versions("paid")).containsExactly(1, 2);
      assertThat(client.latest("paid")).isEqualTo(new RegisteredSchema("paid", paid2, 2, PAID_V2));
      assertThat(client.lookUp("paid", PAID_V1).id()).isEqualTo(paid1);
      assertThat(client.schemaById(refunded)).isEqualTo(REFUNDED);
      assertThat(client.getCompatibility()).isEqualTo(CompatibilityLevel.FULL);
      assertThat(client.getCompatibility("paid")).isEqualTo(CompatibilityLevel.NONE);
      int next = client.register("other", RegistryFixture.schema(
          "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[]}"));
      assertThat(next).isGreaterThan(Math.max(paid1, Math.max(paid2, refunded)));
    }
  }

  @Test
  @DisplayName("a torn last journal line (crash mid-write) is cut off and the registry keeps working")
  void tornLastLine() throws Exception {
    int id;
    try (SchemaRegistryServer server = SchemaRegistryServer.start(0, dataDir)) {
      id = new SchemaRegistryClient(server.url()).register("paid", PAID_V1);
    }
    Files.writeString(dataDir.resolve(Journal.FILE_NAME), "{\"op\":\"register\",\"subj",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (SchemaRegistryServer server = SchemaRegistryServer.start(0, dataDir)) {
      SchemaRegistryClient client = new SchemaRegistryClient(server.url());
      assertThat(client.lookUp("paid", PAID_V1).id()).isEqualTo(id);
      client.register("paid", PAID_V2);
    }
    try (SchemaRegistryServer server = SchemaRegistryServer.start(0, dataDir)) {
      assertThat(new SchemaRegistryClient(server.url()).versions("paid")).containsExactly(1, 2);
    }
  }

  @Test
  @DisplayName("a corrupt journal line in the middle stops the start instead of losing schemas")
  void corruptMiddleLine() throws Exception {
    Files.writeString(dataDir.resolve(Journal.FILE_NAME), "garbage\n{\"op\":\"config\",\"level\":\"FULL\"}\n");

    assertThatThrownBy(() -> SchemaRegistryServer.start(0, dataDir))
        .hasMessageContaining("line 1 is corrupt");
  }

  @Test
  @DisplayName("a second registry cannot open a data dir that a running one holds")
  void oneServerPerDataDir() {
    try (SchemaRegistryServer first = SchemaRegistryServer.start(0, dataDir)) {
      assertThatThrownBy(() -> SchemaRegistryServer.start(0, dataDir))
          .hasMessageContaining("in use by another running registry");
    }
    SchemaRegistryServer.start(0, dataDir).close();
  }

  @Test
  @DisplayName("the server starts well under a second and closing it frees the port")
  void startsFast() {
    long started = System.nanoTime();
    SchemaRegistryServer server = SchemaRegistryServer.start(0, dataDir);
    long millis = (System.nanoTime() - started) / 1_000_000;
    int port = server.port();
    server.close();

    assertThat(millis).isLessThan(1000);
    SchemaRegistryServer.start(port, dataDir).close();
  }
}
