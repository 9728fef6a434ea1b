package com.bookiji.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("The ./bookiji command line")
class LauncherCommandLineTest {

  @TempDir
  Path repo;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return LocalStack.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("./bookiji alone prints the commands on stderr and exits with the usage code")
  void noCommand() {
    assertThat(run()).isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("Usage: ./bookiji", "up", "down", "status", "reset", "restart", "demo", "logs", "token",
        "report");
    assertThat(out()).isEmpty();
  }

  @Test
  @DisplayName("--help prints the commands on stdout and exits with 0; a command's --help shows its options")
  void help() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("Usage: ./bookiji", "up", "token", "report", "--state-dir", "--port-offset");
    out.reset();

    assertThat(run("logs", "--help")).isZero();
    assertThat(out()).contains("Usage: ./bookiji logs", "--lines", "--state-dir", "--port-offset", "--replicas",
        "--timeout", "--relay-timeout", "--repo");
    assertThat(err()).isEmpty();
  }

  @Test
  @DisplayName("an unknown command is refused with a suggestion and the usage on stderr, exit 2")
  void unknownCommand() {
    assertThat(run("upp")).isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("Unmatched argument at index 0: 'upp'", "Did you mean: ./bookiji up?", "Usage: ./bookiji");
    assertThat(out()).isEmpty();
  }

  @Test
  @DisplayName("an unknown option is refused with the command's usage on stderr, exit 2, and nothing runs")
  void unknownOption() {
    Path state = repo.resolve("state");

    assertThat(run("status", "--repo", repo.toString(), "--state-dir", state.toString(), "--verbose"))
        .isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("Unknown option: '--verbose'", "Usage: ./bookiji status");
    assertThat(out()).isEmpty();
    assertThat(state).doesNotExist();

    err.reset();
    assertThat(run("up", "--lines", "5", "--repo", repo.toString(), "--state-dir", state.toString()))
        .as("an option of another command").isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("Unknown options: '--lines', '5'", "Usage: ./bookiji up");
    assertThat(state).doesNotExist();
  }

  @Test
  @DisplayName("an option without its value is refused, not given the next option as its value")
  void missingValue() {
    assertThat(run("status", "--state-dir")).isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("Missing required parameter for option '--state-dir'", "Usage: ./bookiji status");

    err.reset();
    assertThat(run("logs", "--lines", "--state-dir", repo.toString())).isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("--lines", "'--state-dir'", "Usage: ./bookiji logs");
  }

  @Test
  @DisplayName("token and report name the options they cannot do without")
  void requiredOptions() {
    assertThat(run("token", "--role", "OPS", "--repo", repo.toString())).isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("Missing required option: '--subject=ID'", "Usage: ./bookiji token");

    err.reset();
    assertThat(run("report", "--from", "2026-12-01")).isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("Missing required option: '--to=YYYY-MM-DD'", "Usage: ./bookiji report");
    assertThat(out()).isEmpty();
  }

  @Test
  @DisplayName("bad values are refused without a stack trace: replicas out of range, lines and timeouts not numbers")
  void badValues() {
    assertThat(run("up", "--replicas", "9", "--repo", repo.toString())).isEqualTo(LocalStack.USAGE);
    assertThat(err()).contains("--replicas needs a number from 1 to " + Stack.MAX_REPLICAS + " (instances of each service), not '9'");

    for (String[] args : List.of(new String[] {"logs", "--lines", "many"}, new String[] {"up", "--timeout", "soon"},
        new String[] {"status", "--port-offset", "1.5"})) {
      err.reset();
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(LocalStack.USAGE);
      assertThat(err()).contains("Invalid value", "Usage: ./bookiji " + args[0]).doesNotContain("Exception", "\tat ");
    }
    assertThat(repo.resolve(".bookiji")).as("nothing remembered or started").doesNotExist();
  }

  @Test
  @DisplayName("options may follow the command's arguments, and --name=value works: token mints for the role asked")
  void tokenRuns() {
    Path state = repo.resolve("state");

    int exit = run("token", "--role=requester", "--subject", "alice", "--state-dir", state.toString(),
        "--port-offset", "1000", "--repo", repo.toString());

    assertThat(exit).as(err()).isZero();
    String claims = new String(Base64.getUrlDecoder().decode(out().trim().split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("alice", "REQUESTER");
  }

  @Test
  @DisplayName("logs lists the log files; a component and --lines after it are accepted")
  void logsRuns() {
    Path state = repo.resolve("state");

    assertThat(run("logs", "--state-dir", state.toString(), "--repo", repo.toString())).isZero();
    assertThat(out()).contains("logs in " + state.resolve("logs"));
  }

  @Test
  @DisplayName("every ./bookiji command line shown in the READMEs parses")
  void readmeCommandLines() throws IOException {
    Path checkout = LocalStack.findRepo();
    List<String> lines = new ArrayList<>();
    for (Path readme : List.of(checkout.resolve("README.md"), checkout.resolve("deploy/local-stack/README.md"))) {
      for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
        String command = line.replaceAll("\\s+#.*$", "").trim();
        // Lines with placeholders (<component>, N, YYYY, …) show a shape, not a command to paste.
        if (command.startsWith("./bookiji ") && !command.startsWith("./bookiji stress")
            && !command.matches(".*(<|>|…|\\[|\\||\\bN\\b|YYYY).*")) {
          lines.add(command);
        }
      }
    }
    assertThat(lines).as("README command lines").hasSizeGreaterThan(5);
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    for (String line : lines) {
      List<String> args = new ArrayList<>(List.of(line.substring("./bookiji ".length()).split("\\s+")));
      args.removeIf(a -> a.equals("--no-build") || a.equals("--build")); // the script's own options
      CommandLine commandLine = LauncherCommandLine.commandLine(sink, sink);
      assertThat(commandLine.parseArgs(args.toArray(String[]::new)).hasSubcommand()).as(line).isTrue();
    }
  }
}
