package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("a port offset that puts a browser-facing port on a Fetch-standard bad port")
class BrowserPortsTest {

  private final Stack stack = new Stack();

  @TempDir
  Path repo;

  @Test
  @DisplayName("is refused by up, naming the port, the component, the reason and offsets that work, and leaves no state behind")
  void upRefusesBadPort() {
    Path state = repo.resolve("state");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    int exit = LocalStack.run(new String[] {"up", "--repo", repo.toString(), "--state-dir", state.toString(),
        "--port-offset", "2000"}, new PrintStream(buffer, true, StandardCharsets.UTF_8));

    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isEqualTo(LocalStack.USAGE);
    assertThat(output).contains("--port-offset 2000 cannot be used", "reservation-service would listen on 10080",
        "browsers refuse to open", BrowserPorts.STANDARD, "OpenAPI UI", "1995 or 2001");
    assertThat(state).as("nothing remembered or started").doesNotExist();
  }

  @Test
  @DisplayName("is refused for every bad port any HTTP component would land on")
  void everyBadPortOfEveryHttpComponent() {
    for (Component c : stack.all()) {
      if (!c.browserFacing()) {
        continue;
      }
      for (int bad : BrowserPorts.BAD) {
        int offset = bad - c.defaultPort();
        if (c.defaultPort() + offset < 1) {
          continue;
        }
        assertThat(BrowserPorts.refusal(offset, stack)).as("%s on %d (offset %d)", c.name(), bad, offset)
            .get().asString().contains(c.name() + " would listen on " + bad);
      }
    }
  }

  @Test
  @DisplayName("is allowed when only Kafka or PostgreSQL, which no browser opens, lands on a bad port")
  void nonHttpPortsMayBeBad() {
    assertThat(BrowserPorts.refusal(10080 - 9092, stack)).isEmpty();
    assertThat(BrowserPorts.refusal(0, stack)).isEmpty();
    assertThat(BrowserPorts.refusal(1000, stack)).isEmpty();
  }

  @Test
  @DisplayName("refuses an offset that pushes a port outside 1-65535")
  void outOfRange() {
    assertThat(BrowserPorts.refusal(60000, stack)).get().asString().contains("not a TCP port");
    assertThat(BrowserPorts.refusal(-9000, stack)).get().asString().contains("not a TCP port");
  }

  @Test
  @DisplayName("a port offset that is not a number is a usage error")
  void notANumber() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = LocalStack.run(new String[] {"status", "--repo", repo.toString(), "--port-offset", "lots"},
        new PrintStream(buffer, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(LocalStack.USAGE);
    assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("--port-offset needs a whole number");
  }
}
