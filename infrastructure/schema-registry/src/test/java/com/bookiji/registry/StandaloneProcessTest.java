package com.bookiji.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.schemas.registry.SchemaRegistryClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneProcessTest {
  @TempDir Path dataDir;

  @Test
  @DisplayName("main runs the registry as its own process, announces its URL and stops on SIGTERM")
  void runsAsItsOwnProcess() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), SchemaRegistryServer.class.getName(),
        "--port", "0", "--data-dir", dataDir.toString()))
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String announced = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(20, TimeUnit.SECONDS);
      assertThat(announced).startsWith("Schema registry listening on http://127.0.0.1:");
      String url = announced.replaceAll(".*listening on (\\S+).*", "$1");

      SchemaRegistryClient client = new SchemaRegistryClient(url);
      assertThat(client.register("paid", RegistryFixture.PAID_V1)).isEqualTo(1);

      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited on SIGTERM").isTrue();
    } finally {
      process.destroyForcibly();
    }
    try (SchemaRegistryServer again = SchemaRegistryServer.start(0, dataDir)) {
      assertThat(new SchemaRegistryClient(again.url()).versions("paid")).containsExactly(1);
    }
  }
}
