package com.bookiji.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@link LoadBenchmark}; see {@link #USAGE}. */
public record Options(
    int requesters,
    int durationSeconds,
    int warmupSeconds,
    int reservations,
    int vendors,
    Path stateDir,
    Integer portOffset,
    String baseHost,
    int pollIntervalMillis,
    int maxPollIntervalMillis,
    int confirmTimeoutSeconds,
    Path report,
    boolean writeReport,
    String command) {

  public static final String USAGE = """
      usage: LoadBenchmark [options]
        --requesters N             concurrent requesters (default 32)
        --duration-seconds S       measured window (default 60)
        --warmup-seconds S         load before the window, not measured (default 10)
        --reservations N           at most this many reservations (default: 150 per second of warm-up + window)
        --vendors N                vendors the slots are spread over (default 64)
        --state-dir DIR            the local stack's state directory (default <repo>/.bookiji): JWT secret, port offset, pid files
        --port-offset N            override the offset read from <state-dir>/stack.properties
        --base-host HOST           loopback address of the stack (default 127.0.0.1; only loopback is allowed)
        --poll-interval-ms MS      first wait before GET /reservations/{id} (default 50); grows by half while nothing changes
        --max-poll-interval-ms MS  the longest wait between two GETs (default 1000)
        --confirm-timeout-seconds S  per reservation, POST to a terminal state (default 30)
        --report FILE              markdown file whose load section is rewritten (default <repo>/docs/benchmarks.md)
        --no-report                print only
      """;

  public static Options parse(String[] args, Path repo) {
    int requesters = 32;
    int duration = 60;
    int warmup = 10;
    Integer reservations = null;
    int vendors = 64;
    Path stateDir = repo.resolve(".bookiji");
    Integer portOffset = null;
    String host = "127.0.0.1";
    int poll = 50;
    int maxPoll = 1000;
    int confirmTimeout = 30;
    Path report = repo.resolve("docs/benchmarks.md");
    boolean write = true;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String a = rest.remove(0);
      switch (a) {
        case "--requesters" -> requesters = positive(a, next(a, rest));
        case "--duration-seconds" -> duration = positive(a, next(a, rest));
        case "--warmup-seconds" -> warmup = nonNegative(a, next(a, rest));
        case "--reservations" -> reservations = positive(a, next(a, rest));
        case "--vendors" -> vendors = positive(a, next(a, rest));
        case "--state-dir" -> stateDir = Path.of(next(a, rest)).toAbsolutePath().normalize();
        case "--port-offset" -> portOffset = nonNegative(a, next(a, rest));
        case "--base-host" -> host = next(a, rest);
        case "--poll-interval-ms" -> poll = positive(a, next(a, rest));
        case "--max-poll-interval-ms" -> maxPoll = positive(a, next(a, rest));
        case "--confirm-timeout-seconds" -> confirmTimeout = positive(a, next(a, rest));
        case "--report" -> report = Path.of(next(a, rest)).toAbsolutePath().normalize();
        case "--no-report" -> write = false;
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
      throw new IllegalArgumentException("--base-host must be a loopback address: the benchmark only loads the local stack");
    }
    int max = reservations != null ? reservations : Math.max(100, 150 * (duration + warmup));
    return new Options(requesters, duration, warmup, max, Math.min(vendors, max), stateDir, portOffset, host, poll,
        Math.max(poll, maxPoll), confirmTimeout, report, write,
        System.getProperty("loadtest.command", "LoadBenchmark " + String.join(" ", args)).strip());
  }

  /** The repository root: the nearest directory upwards holding both {@code bookiji} and {@code pom.xml}. */
  public static Path findRepo(Path from) {
    for (Path p = from.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bookiji")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    return from.toAbsolutePath().normalize();
  }

  private static String next(String option, List<String> rest) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.remove(0);
  }

  private static int positive(String option, String value) {
    int v = number(option, value);
    if (v <= 0) {
      throw new IllegalArgumentException(option + " must be positive: " + value);
    }
    return v;
  }

  private static int nonNegative(String option, String value) {
    int v = number(option, value);
    if (v < 0) {
      throw new IllegalArgumentException(option + " must not be negative: " + value);
    }
    return v;
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number: " + value);
    }
  }
}
