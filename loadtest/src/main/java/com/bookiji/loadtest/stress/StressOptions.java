package com.bookiji.loadtest.stress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Command-line options of {@code ./bookiji stress}; see {@link #USAGE}. */
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

  public static final String USAGE = """
      usage: ./bookiji stress [options]     (the adversarial stress suite, loadtest/README.md)
        --quick               the short variant (what ./mvnw verify runs): fewer reservations, 8 kills
        --seconds N           length of the sustained-load window of 3.1 and the soak of 3.3 (default 60; quick 15)
        --seed S              seed of every random choice: the fault schedule is reproduced by the same seed (default: random, printed)
        --kills N             kill -9s in the 3.3 soak, spread over every service and the relay holders (default 100; quick 8)
        --state-dir DIR       the stack's own state directory (default <repo>/.bookiji-stress); the stack is reset first
        --port-offset N       its port offset (default 3000)
        --report-dir DIR      where the report and the per-test logs go (default <repo>/target/stress/<timestamp>)
        --keep-stack          leave the stack running at the end (default: down)
        --reuse-stack         use a stack already running in the state directory (no reset, no up)
        --only 1.1,3.3        run only these tests (the others are NOT RUN, so the verdict is NOT SAFE)
      """;

  public static StressOptions parse(String[] args, Path repo) {
    boolean quick = false;
    Integer seconds = null;
    Long seed = null;
    Integer kills = null;
    Path stateDir = repo.resolve(".bookiji-stress");
    int offset = 3000;
    Path reportDir = null;
    boolean keep = false;
    boolean reuse = false;
    Set<String> only = new LinkedHashSet<>();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String a = rest.remove(0);
      switch (a) {
        case "--quick" -> quick = true;
        case "--seconds" -> seconds = positive(a, next(a, rest));
        case "--seed" -> seed = parseLong(a, next(a, rest));
        case "--kills" -> kills = nonNegative(a, next(a, rest));
        case "--state-dir" -> stateDir = Path.of(next(a, rest)).toAbsolutePath().normalize();
        case "--port-offset" -> offset = nonNegative(a, next(a, rest));
        case "--report-dir" -> reportDir = Path.of(next(a, rest)).toAbsolutePath().normalize();
        case "--keep-stack" -> keep = true;
        case "--reuse-stack" -> reuse = true;
        case "--only" -> only.addAll(List.of(next(a, rest).split(",")));
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (reportDir == null) {
      reportDir = repo.resolve("target/stress/" + java.time.LocalDateTime.now().withNano(0).toString().replace(':', '-'));
    }
    return new StressOptions(quick, seconds != null ? seconds : quick ? 15 : 60,
        seed != null ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE,
        kills != null ? kills : quick ? 8 : 100, stateDir, offset, reportDir, keep, reuse, only);
  }

  public boolean selected(String testId) {
    return only.isEmpty() || only.contains(testId);
  }

  public String commandLine() {
    return "./bookiji stress" + (quick ? " --quick" : "") + " --seconds " + seconds + " --seed " + seed + " --kills " + kills;
  }

  private static String next(String option, List<String> rest) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.remove(0);
  }

  private static int positive(String option, String value) {
    int v = nonNegative(option, value);
    if (v == 0) {
      throw new IllegalArgumentException(option + " must be positive: " + value);
    }
    return v;
  }

  private static int nonNegative(String option, String value) {
    long v = parseLong(option, value);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(option + " must be a whole number from 0: " + value);
    }
    return (int) v;
  }

  private static long parseLong(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number: " + value);
    }
  }
}
