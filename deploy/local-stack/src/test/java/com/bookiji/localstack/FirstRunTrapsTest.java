package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops a first {@code up} before anything starts, each with one clear line and a way out. */
@DisplayName("up on a machine with something in the way")
class FirstRunTrapsTest {

  @TempDir
  Path repo;

  private String up(String... options) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    String[] args = new String[options.length + 5];
    args[0] = "up";
    args[1] = "--repo";
    args[2] = repo.toString();
    args[3] = "--state-dir";
    args[4] = repo.resolve("state").toString();
    System.arraycopy(options, 0, args, 5, options.length);
    int exit = LocalStack.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isEqualTo(LocalStack.FAILED);
    return output;
  }

  @Test
  @DisplayName("a port already taken is named with its component, and a --port-offset where every port is free is suggested")
  void portTaken() throws Exception {
    try (ServerSocket taken = takeBrokerPort()) {
      int offset = taken.getLocalPort() - 9092;

      String output = up("--port-offset", Integer.toString(offset));

      assertThat(output).contains("ports in use by another program",
          "kafka needs 127.0.0.1:" + taken.getLocalPort(), "--port-offset");
      assertThat(output).containsPattern("./bookiji up --state-dir \\S+ --port-offset \\d+ \\(every port of the stack is free there\\)");
    }
    assertThat(repo.resolve("state/run")).as("nothing was started").doesNotExist();
  }

  /** A socket on the broker's port under some offset that up accepts (so the port check is what fails). */
  private static ServerSocket takeBrokerPort() throws java.io.IOException {
    for (int offset = 21_000; offset < 23_000; offset += 7) {
      if (BrowserPorts.refusal(offset, new Stack()).isEmpty()) {
        ServerSocket socket = new ServerSocket();
        try {
          socket.bind(new InetSocketAddress(StackLayout.HOST, 9092 + offset));
          return socket;
        } catch (java.io.IOException taken) {
          socket.close(); // someone else's: try the next
        }
      }
    }
    throw new IllegalStateException("no free port to take");
  }

  @Test
  @DisplayName("a database of another PostgreSQL major version (a state directory of an older Bookiji) is refused in one line with the ways out")
  void olderPostgresData() throws Exception {
    Path data = Files.createDirectories(repo.resolve("state/data/postgres"));
    Files.writeString(data.resolve("PG_VERSION"), "14\n");

    String output = up();

    assertThat(output).contains("holds a PostgreSQL 14 database (left by an older version of Bookiji)",
        "this stack runs PostgreSQL " + PostgresComponent.binariesMajorVersion().orElseThrow(),
        "./bookiji reset --state-dir", "--state-dir <new directory>");
    assertThat(repo.resolve("state/run")).as("nothing was started").doesNotExist();
  }

  @Test
  @DisplayName("the binaries' major version is read from the archive on the classpath, and the same version passes")
  void sameMajorVersionPasses() throws Exception {
    assertThat(PostgresComponent.binariesMajorVersion()).contains("17");
    StackLayout layout = StackLayout.resolve(repo, repo.resolve("state"), null);
    Files.createDirectories(layout.dataDir("postgres"));
    Files.writeString(layout.dataDir("postgres").resolve("PG_VERSION"), "17\n");

    PostgresComponent.refuseOtherMajorVersion(layout, Optional.of("17"));
    assertThatThrownBy(() -> PostgresComponent.refuseOtherMajorVersion(layout, Optional.of("18")))
        .hasMessageContaining("holds a PostgreSQL 17 database");
  }
}
