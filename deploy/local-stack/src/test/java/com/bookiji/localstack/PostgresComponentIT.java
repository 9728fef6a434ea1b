package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stack's PostgreSQL component started exactly as the launcher starts it (its command, JVM
 * options and heap) with an empty temporary directory, as on a machine where nothing was unpacked.
 */
@DisplayName("the local stack's PostgreSQL component on a fresh machine")
class PostgresComponentIT {

  private static final int PORT_OFFSET = 7000; // apart from LocalStackIT (+10000) and StackCrashRecoveryIT (+5000)
  private final PostgresComponent component = new PostgresComponent();
  private Path tempDir;
  private StackContext ctx;
  private Process running;

  @BeforeEach
  void emptyMachine() throws Exception {
    Path repo = Path.of(System.getProperty("bookiji.repo", LocalStack.findRepo().toString())).toAbsolutePath();
    Path target = repo.resolve("deploy/local-stack/target");
    Path stateDir = target.resolve("pg-component-stack");
    tempDir = target.resolve("pg-component-tmp");
    StackProcesses.deleteRecursively(stateDir);
    StackProcesses.deleteRecursively(tempDir);
    Files.createDirectories(tempDir);
    ctx = new StackContext(StackLayout.resolve(repo, stateDir, PORT_OFFSET));
    component.prepare(ctx);
  }

  @AfterEach
  void stop() throws Exception {
    if (running != null && running.isAlive()) {
      running.destroy(); // SIGTERM: the holder stops its server
      running.waitFor(60, TimeUnit.SECONDS);
    }
    EmbeddedPostgresProcess.stopOrphanedServer(ctx.layout().dataDir(PostgresComponent.NAME), System.out);
  }

  @Test
  @DisplayName("comes up when nothing was unpacked before")
  void firstStart() throws Exception {
    running = start();
    awaitReady();
    assertThat(unpacked()).anyMatch(n -> n.matches("PG-[0-9a-f]+"));
  }

  @Test
  @DisplayName("comes up after a first start that was killed (kill -9) half-way through unpacking")
  void afterUnpackKilledHalfWay() throws Exception {
    Process first = start();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
        .until(() -> unpacked().stream().anyMatch(n -> n.contains(".partial-")));
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(unpacked()).as("the kill left a half-unpacked directory").anyMatch(n -> n.contains(".partial-"));

    running = start();
    awaitReady();
    assertThat(unpacked()).noneMatch(n -> n.contains(".partial-")).anyMatch(n -> n.matches("PG-[0-9a-f]+"));
  }

  private Process start() throws Exception {
    List<String> command = component.command(ctx);
    Path log = ctx.layout().logFile(PostgresComponent.NAME);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tempDir);
    return builder.start();
  }

  private void awaitReady() {
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(running.isAlive()).as("the component is alive (log %s)", ctx.layout().logFile(PostgresComponent.NAME)).isTrue();
      assertThat(component.ready(ctx)).isTrue();
    });
  }

  private List<String> unpacked() throws IOException {
    Path dir = tempDir.resolve("embedded-pg");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
