package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("finding a module's executable jar")
class JarComponentTest {

  @TempDir
  Path repo;

  private final JarComponent sim = new JarComponent("stripe-simulator", "infrastructure/stripe-simulator", "stripe-simulator",
      12111, "64m", ctx -> List.of(), JarComponent.Readiness.get("/", Map.of()), ctx -> List.of());

  private StackLayout layout() {
    return StackLayout.resolve(repo, repo.resolve(".bookiji"), null);
  }

  private Path jar(String name, boolean executable) throws Exception {
    Path target = Files.createDirectories(repo.resolve("infrastructure/stripe-simulator/target"));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (executable) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "com.example.Main");
    }
    Path jar = target.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // an empty jar with a manifest is all the launcher looks at
    }
    return jar;
  }

  @Test
  @DisplayName("reports a module that has not been built as missing, naming where it looked")
  void missingJar() {
    assertThat(sim.missing(layout())).get().asString()
        .contains("infrastructure/stripe-simulator/target").contains("stripe-simulator-<version>");
  }

  @Test
  @DisplayName("prefers the runnable -exec jar over the plain one")
  void prefersExecJar() throws Exception {
    jar("stripe-simulator-0.1.0-SNAPSHOT.jar", true);
    Path exec = jar("stripe-simulator-0.1.0-SNAPSHOT-exec.jar", true);

    assertThat(sim.jar(layout())).contains(exec);
    assertThat(sim.missing(layout())).isEmpty();
  }

  @Test
  @DisplayName("ignores a jar without a Main-Class")
  void ignoresLibraryJar() throws Exception {
    jar("stripe-simulator-0.1.0-SNAPSHOT.jar", false);
    jar("stripe-simulator-0.1.0-SNAPSHOT-sources.jar", true);

    assertThat(sim.jar(layout())).isEmpty();
  }
}
