package com.bookiji.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line options of {@link LoadBenchmark}, parsed by picocli: an unknown option, a missing
 * value or a bad number is a {@link CommandLines.UsageException} carrying the reason and the
 * usage, never ignored. {@code --quick} only changes defaults; options given explicitly still win.
 *
 * @param rate arrivals per second of the open model; {@code null} runs the closed loop
 */
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
    String command,
    int idleSeconds,
    int baselineSeconds,
    Double rate,
    int maxInFlight,
    boolean quick) {

  public boolean openModel() {
    return rate != null;
  }

  /** "closed loop, 32 requesters" or "open model, 100/s, at most 512 in flight". */
  public String loadModel() {
    return openModel()
        ? String.format(Locale.ROOT, "open model, %s/s arrivals, at most %d in flight", trim(rate), maxInFlight)
        : "closed loop, " + requesters + " requesters";
  }

  @Command(name = "loadtest/run-load.sh", sortOptions = false, usageHelpAutoWidth = true,
      description = "The reservation load benchmark against a running local stack (loadtest/README.md).")
  static final class Cli {
    @Option(names = "--requesters", paramLabel = "N",
        description = "closed loop: concurrent requesters; also the baseline's JDBC clients (default 32; quick 4)")
    Integer requesters;
    @Option(names = "--rate", paramLabel = "R/s", converter = RateConverter.class,
        description = "open model: start reservations at this fixed rate (e.g. 100/s, 6000/min) whatever the response times")
    Double rate;
    @Option(names = "--max-in-flight", paramLabel = "N",
        description = "open model: reservations in flight at most; an arrival finding all taken is counted, not started (default 512)")
    Integer maxInFlight;
    @Option(names = "--duration-seconds", paramLabel = "S", description = "measured window (default 60; quick 5)")
    Integer durationSeconds;
    @Option(names = "--warmup-seconds", paramLabel = "S", description = "load before the window, not measured (default 10; quick 0)")
    Integer warmupSeconds;
    @Option(names = "--idle-seconds", paramLabel = "S",
        description = "quiet phase before any traffic, the stack's idle CPU measured (default 20; quick 2; 0 skips it)")
    Integer idleSeconds;
    @Option(names = "--baseline-seconds", paramLabel = "S",
        description = "single-row INSERT baseline on the stack's PostgreSQL after the load (default 5; quick 1; 0 skips it)")
    Integer baselineSeconds;
    @Option(names = "--reservations", paramLabel = "N",
        description = "at most this many reservations (default: 150 per second of warm-up + window, or rate × that time)")
    Integer reservations;
    @Option(names = "--vendors", paramLabel = "N", description = "vendors the slots are spread over (default 64; quick 8)")
    Integer vendors;
    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "the local stack's state directory (default <repo>/.bookiji): JWT secret, port offset, pid files")
    Path stateDir;
    @Option(names = "--port-offset", paramLabel = "N", description = "override the offset read from <state-dir>/stack.properties")
    Integer portOffset;
    @Option(names = "--base-host", paramLabel = "HOST", description = "loopback address of the stack (default 127.0.0.1; only loopback)")
    String baseHost = "127.0.0.1";
    @Option(names = "--poll-interval-ms", paramLabel = "MS",
        description = "first wait before GET /reservations/{id} (default 50); grows by half while nothing changes")
    int pollIntervalMillis = 50;
    @Option(names = "--max-poll-interval-ms", paramLabel = "MS", description = "the longest wait between two GETs (default 1000)")
    int maxPollIntervalMillis = 1000;
    @Option(names = "--confirm-timeout-seconds", paramLabel = "S",
        description = "per reservation, POST to a terminal state (default 30; quick 180: longer than the stack's own deadlines, "
            + "so a reservation still open then is lost, not slow)")
    Integer confirmTimeoutSeconds;
    @Option(names = "--report", paramLabel = "FILE",
        description = "markdown file whose generated section is rewritten (default <repo>/docs/benchmarks.md)")
    Path report;
    @Option(names = "--no-report", description = "print only (implied by --quick)")
    boolean noReport;
    @Option(names = "--quick",
        description = "a few seconds with few requesters; exits non-zero if any reservation is lost (what ./mvnw verify runs)")
    boolean quick;
    @Mixin
    CommandLines.Help help;
  }

  /** "100/s", "100", "6000/min" → arrivals per second. */
  static final class RateConverter implements CommandLine.ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      double divisor = 1;
      if (v.endsWith("/s")) {
        v = v.substring(0, v.length() - 2);
      } else if (v.endsWith("/min")) {
        v = v.substring(0, v.length() - 4);
        divisor = 60;
      }
      double perSecond;
      try {
        perSecond = Double.parseDouble(v) / divisor;
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a rate such as 100/s or 6000/min");
      }
      if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
        throw new CommandLine.TypeConversionException("the rate must be positive: " + value);
      }
      return perSecond;
    }
  }

  public static String usage() {
    return CommandLines.usage(new Cli());
  }

  public static Options parse(String[] args, Path repo) {
    Cli cli = CommandLines.parse(new Cli(), args);
    boolean quick = cli.quick;
    int requesters = positive("--requesters", or(cli.requesters, quick ? 4 : 32));
    int duration = positive("--duration-seconds", or(cli.durationSeconds, quick ? 5 : 60));
    int warmup = nonNegative("--warmup-seconds", or(cli.warmupSeconds, quick ? 0 : 10));
    int idle = nonNegative("--idle-seconds", or(cli.idleSeconds, quick ? 2 : 20));
    int baseline = nonNegative("--baseline-seconds", or(cli.baselineSeconds, quick ? 1 : 5));
    int maxInFlight = positive("--max-in-flight", or(cli.maxInFlight, 512));
    int poll = positive("--poll-interval-ms", cli.pollIntervalMillis);
    int maxPoll = positive("--max-poll-interval-ms", cli.maxPollIntervalMillis);
    int confirmTimeout = positive("--confirm-timeout-seconds", or(cli.confirmTimeoutSeconds, quick ? 180 : 30));
    String host = cli.baseHost;
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
      throw CommandLines.invalid(new Cli(), "--base-host must be a loopback address: the benchmark only loads the local stack");
    }
    int defaultReservations = quick ? 40
        : cli.rate != null ? (int) Math.min(Integer.MAX_VALUE, Math.ceil(cli.rate * (duration + warmup)) + 10)
        : Math.max(100, 150 * (duration + warmup));
    int max = positive("--reservations", or(cli.reservations, defaultReservations));
    int vendors = positive("--vendors", or(cli.vendors, quick ? 8 : 64));
    Path stateDir = (cli.stateDir != null ? cli.stateDir : repo.resolve(".bookiji")).toAbsolutePath().normalize();
    Path report = (cli.report != null ? cli.report : repo.resolve("docs/benchmarks.md")).toAbsolutePath().normalize();
    if (cli.portOffset != null) {
      nonNegative("--port-offset", cli.portOffset);
    }
    return new Options(requesters, duration, warmup, max, Math.min(vendors, max), stateDir, cli.portOffset, host, poll,
        Math.max(poll, maxPoll), confirmTimeout, report, !cli.noReport && !quick,
        System.getProperty("loadtest.command", "LoadBenchmark " + String.join(" ", args)).strip(),
        idle, baseline, cli.rate, maxInFlight, quick);
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

  static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static int or(Integer given, int fallback) {
    return given != null ? given : fallback;
  }

  private static int positive(String option, int v) {
    if (v <= 0) {
      throw CommandLines.invalid(new Cli(), option + " must be positive: " + v);
    }
    return v;
  }

  private static int nonNegative(String option, int v) {
    if (v < 0) {
      throw CommandLines.invalid(new Cli(), option + " must not be negative: " + v);
    }
    return v;
  }
}
