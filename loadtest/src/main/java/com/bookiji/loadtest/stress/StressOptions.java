package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.CommandLines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command-line options of {@code ./bookiji stress}; see {@link #usage()}. */
public record StressOptions(
    boolean quick,
    int seconds,
    long seed,
    int kills,
    Path stateDir,
    int portOffset,
    Path reportDir,
    boolean keepStack,
    boolean reuseStack,
    Set<String> only) {

  @Command(name = "./bookiji stress", sortOptions = false, usageHelpAutoWidth = true,
      customSynopsis = "usage: ./bookiji stress [options]     (the adversarial stress suite, loadtest/README.md)", synopsisHeading = "")
  static final class Cli {
    @Option(names = "--quick", description = "the short variant (what ./mvnw verify runs): fewer reservations, 8 kills")
    boolean quick;
    @Option(names = "--seconds", paramLabel = "N",
        description = "length of the sustained-load window of 3.1 and the soak of 3.3 (default 60; quick 15)")
    Integer seconds;
    @Option(names = "--seed", paramLabel = "S",
        description = "seed of every random choice: the fault schedule is reproduced by the same seed (default: random, printed)")
    Long seed;
    @Option(names = "--kills", paramLabel = "N",
        description = "kill -9s in the 3.3 soak, spread over every service and the relay holders (default 100; quick 8)")
    Integer kills;
    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "the stack's own state directory (default <repo>/.bookiji-stress); the stack is reset first")
    Path stateDir;
    @Option(names = "--port-offset", paramLabel = "N", description = "its port offset (default 3000)")
    int portOffset = 3000;
    @Option(names = "--report-dir", paramLabel = "DIR",
        description = "where the report and the per-test logs go (default <repo>/target/stress/<timestamp>)")
    Path reportDir;
    @Option(names = "--keep-stack", description = "leave the stack running at the end (default: down)")
    boolean keepStack;
    @Option(names = "--reuse-stack", description = "use a stack already running in the state directory (no reset, no up)")
    boolean reuseStack;
    @Option(names = "--only", paramLabel = "1.1,3.3", split = ",",
        description = "run only these tests (the others are NOT RUN, so the verdict is NOT SAFE)")
    List<String> only = new ArrayList<>();
    @Mixin
    CommandLines.Help help;
  }

  public static String usage() {
    return CommandLines.usage(new Cli());
  }

  /** Parsed by picocli: an unknown option or a missing or malformed value is a {@link CommandLines.UsageException}. */
  public static StressOptions parse(String[] args, Path repo) {
    Cli cli = CommandLines.parse(new Cli(), args);
    if (cli.seconds != null && cli.seconds <= 0) {
      throw CommandLines.invalid(cli, "--seconds must be positive: " + cli.seconds);
    }
    if (cli.kills != null && cli.kills < 0) {
      throw CommandLines.invalid(cli, "--kills must be a whole number from 0: " + cli.kills);
    }
    if (cli.portOffset < 0) {
      throw CommandLines.invalid(cli, "--port-offset must be a whole number from 0: " + cli.portOffset);
    }
    Path stateDir = (cli.stateDir != null ? cli.stateDir : repo.resolve(".bookiji-stress")).toAbsolutePath().normalize();
    Path reportDir = cli.reportDir != null ? cli.reportDir.toAbsolutePath().normalize()
        : repo.resolve("target/stress/" + java.time.LocalDateTime.now().withNano(0).toString().replace(':', '-'));
    boolean quick = cli.quick;
    return new StressOptions(quick, cli.seconds != null ? cli.seconds : quick ? 15 : 60,
        cli.seed != null ? cli.seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE,
        cli.kills != null ? cli.kills : quick ? 8 : 100, stateDir, cli.portOffset, reportDir, cli.keepStack, cli.reuseStack,
        new LinkedHashSet<>(cli.only));
  }

  public boolean selected(String testId) {
    return only.isEmpty() || only.contains(testId);
  }

  public String commandLine() {
    return "./bookiji stress" + (quick ? " --quick" : "") + " --seconds " + seconds + " --seed " + seed + " --kills " + kills;
  }
}
