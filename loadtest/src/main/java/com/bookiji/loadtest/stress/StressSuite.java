package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.stress.Scenario.Outcome;
import com.bookiji.loadtest.stress.Scenario.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the 16 tests against a stack of its own, then the independent checker, and writes the report.
 * Part 2's three tests only wait for deadlines, so they run side by side (in the quick suite with 3.4,
 * which waits for the auditor and kills nothing); everything else runs one after the other (the kills
 * of one test must not be blamed on another).
 */
public final class StressSuite {

  private final StressOptions options;
  private final StressStack stack;
  private final Path repo;

  public StressSuite(StressOptions options, Path repo) {
    this.options = options;
    this.repo = repo;
    this.stack = new StressStack(repo, options.stateDir(), options.portOffset());
  }

  /** The test that runs beside part 2 in the quick suite (both mostly wait). */
  static final String OVERLAPS_PART_TWO_WHEN_QUICK = "3.4";

  public StressStack stack() { return stack; }

  public static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>(PartOneAndTwo.all());
    all.addAll(PartThree.all());
    all.addAll(PartFourAndFive.all());
    return all;
  }

  /** Brings the stack up (unless reused), runs the tests and the checker; the stack stays up for {@link #finish}. */
  public StressReport run() throws Exception {
    Instant started = Instant.now();
    Path dir = options.reportDir();
    Files.createDirectories(dir);
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "stress-http");
      t.setDaemon(true);
      return t;
    });
    List<Outcome> outcomes = new ArrayList<>();
    StressContext ctx = null;
    try (StressLog stackLog = new StressLog("stack", dir.resolve("stack.log"))) {
      stackLog.line("seed %d; %s", options.seed(), options.commandLine());
      try {
        if (!options.reuseStack()) {
          stack.reset(stackLog);
          stack.up(stackLog);
        }
        StressApi api = new StressApi(stack, executor, Long.toString(options.seed() % 100000));
        ctx = new StressContext(stack, api, new Faults(stack, api), options);
      } catch (Exception e) {
        stackLog.line("the stack did not start: %s", e.getMessage());
        for (Scenario s : scenarios()) {
          outcomes.add(new Outcome(s.id(), s.title(), Status.NOT_RUN, "the stack did not start: " + firstLine(e), 0,
              dir.relativize(stackLog.file()).toString()));
        }
      }
    }
    List<Checker.Check> checks = List.of();
    if (ctx != null) {
      List<Scenario> scenarios = scenarios();
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario s = scenarios.get(i);
        if (s.id().startsWith("2.")) {
          // Part 2 waits out human deadlines: its tests run side by side, and in the quick suite
          // 3.4 (which waits out the auditor's grace, and kills nothing) runs beside them.
          List<Scenario> group = scenarios.stream().filter(x -> x.id().startsWith("2.")
              || options.quick() && x.id().equals(OVERLAPS_PART_TWO_WHEN_QUICK)).toList();
          List<CompletableFuture<Outcome>> running = new ArrayList<>();
          for (Scenario g : group) {
            StressContext c = ctx;
            running.add(CompletableFuture.supplyAsync(() -> runOne(g, c, dir), executor));
          }
          running.forEach(f -> outcomes.add(f.join()));
          i += (int) group.stream().filter(x -> x.id().startsWith("2.")).count() - 1;
        } else if (!(options.quick() && s.id().equals(OVERLAPS_PART_TWO_WHEN_QUICK))) {
          outcomes.add(runOne(s, ctx, dir));
        }
      }
      outcomes.sort(Comparator.comparingInt(o -> scenarios.stream().map(Scenario::id).toList().indexOf(o.id())));
      try (StressLog checkLog = new StressLog("checker", dir.resolve("checker.log"))) {
        awaitQuiet(ctx, checkLog);
        checks = new Checker(stack, ctx.api()).run(checkLog);
      }
    }
    Map<String, String> env = environment();
    StressReport report = new StressReport(started, Instant.now(), options.commandLine(), env, outcomes, checks,
        ctx == null ? Map.of() : ctx.faults().killsByComponent(), ctx == null ? 0 : ctx.faults().pauses());
    report.write(dir);
    System.out.println("stress report: " + dir.resolve("stress-report.md") + " — verdict " + report.verdict());
    return report;
  }

  public StressContext context() throws Exception {
    StressApi api = new StressApi(stack, Executors.newCachedThreadPool(), Long.toString(options.seed() % 100000));
    return new StressContext(stack, api, new Faults(stack, api), options);
  }

  /** Before the verdict: every saga has ended (or a bound passed — then the checker reports it). */
  static void awaitQuiet(StressContext ctx, StressLog log) {
    try {
      Wait.until("every reservation to end", Duration.ofSeconds(180), () -> {
        try (var c = java.sql.DriverManager.getConnection(ctx.stack().jdbcUrl("reservation"), "postgres", "postgres");
            var s = c.createStatement(); var rs = s.executeQuery("select count(*) from reservations where not terminal")) {
          rs.next();
          return rs.getLong(1) == 0 ? Boolean.TRUE : null;
        }
      });
      log.line("every reservation has ended");
    } catch (Exception | AssertionError e) {
      log.line("not quiet: %s", e.getMessage());
    }
  }

  static Outcome runOne(Scenario s, StressContext ctx, Path dir) {
    Path file = dir.resolve(s.id() + "-" + s.slug() + ".log");
    long started = System.nanoTime();
    try (StressLog log = new StressLog(s.id(), file)) {
      log.line("=== Test %s: %s (seed %d)", s.id(), s.title(), ctx.options().seed());
      Status status;
      String detail;
      if (!ctx.options().selected(s.id())) {
        status = Status.NOT_RUN;
        detail = "not selected (--only)";
      } else {
        try {
          s.run(ctx, log);
          status = Status.PASSED;
          detail = "all invariants held";
        } catch (AssertionError e) {
          status = Status.FAILED;
          detail = firstLine(e);
          log.line("FAILED: %s", e.getMessage());
        } catch (Exception e) {
          status = Status.NOT_RUN;
          detail = "could not run: " + firstLine(e);
          log.line("COULD NOT RUN: %s", e);
          for (StackTraceElement el : e.getStackTrace()) {
            log.line("    at %s", el);
          }
        }
      }
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      log.line("=== %s %s in %d s", s.id(), status, seconds);
      try {
        // A test that left a process down (a failure between a kill and its restart) must not sink the next.
        if (StressStack.SERVICES.stream().anyMatch(x -> ctx.stack().pid(x).isEmpty())) {
          ctx.stack().restartStopped(log);
        }
      } catch (Exception e) {
        log.line("restart after the test failed: %s", e.getMessage());
      }
      return new Outcome(s.id(), s.title(), status, detail, seconds, dir.relativize(file).toString());
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    return m.length() > 400 ? m.substring(0, 400) + "…" : m;
  }

  public void finish(StressLog log) throws Exception {
    if (!options.keepStack()) {
      stack.down(log);
    }
  }

  private Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("Seed", Long.toString(options.seed()));
    env.put("Commit", git("rev-parse", "HEAD"));
    env.put("Machine", machine());
    env.put("Stack", stack.stateDir() + ", port offset " + stack.portOffset());
    return env;
  }

  private String git(String... args) {
    try {
      List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return out;
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String machine() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
    } catch (Exception ignored) {
      // not Linux
    }
    long memMb = -1;
    try {
      memMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024).orElse(-1L);
    } catch (Exception ignored) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memMb + " MB RAM, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
  }
}
