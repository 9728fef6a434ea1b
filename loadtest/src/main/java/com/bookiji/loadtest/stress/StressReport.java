package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.StackApi;
import com.bookiji.loadtest.stress.Checker.Check;
import com.bookiji.loadtest.stress.Checker.Severity;
import com.bookiji.loadtest.stress.Scenario.Outcome;
import com.bookiji.loadtest.stress.Scenario.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report in the seed report's structure: parts 1–5 with one status per test, the failures
 * found, the severity assessment and the final verdict; Markdown and JSON, next to the per-test logs.
 */
public record StressReport(Instant startedAt, Instant finishedAt, String command, Map<String, String> environment,
    List<Outcome> outcomes, List<Check> checks, Map<String, Integer> kills, int pauses) {

  public static final String SAFE = "SAFE";
  public static final String NOT_SAFE = "NOT SAFE";

  private static final String[][] PARTS = {
      {"1", "API & IDEMPOTENCY STRESS"}, {"2", "TIME & HUMAN LATENCY"}, {"3", "CHAOS / LOAD TESTING"},
      {"4", "FAILURE CHOREOGRAPHY"}, {"5", "OBSERVABILITY"}};

  /** SAFE only when every test of the stress report passed and every critical check is clean. */
  public String verdict() {
    boolean allPassed = outcomes.size() == StressSuite.scenarios().size() && outcomes.stream().allMatch(o -> o.status() == Status.PASSED);
    boolean criticalClean = !checks.isEmpty()
        && checks.stream().filter(c -> c.severity() == Severity.CRITICAL).allMatch(Check::clean);
    return allPassed && criticalClean ? SAFE : NOT_SAFE;
  }

  private boolean failed(String... checkNames) {
    for (Check c : checks) {
      for (String n : checkNames) {
        if (c.name().startsWith(n) && !c.clean()) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean testFailed(String... ids) {
    for (Outcome o : outcomes) {
      for (String id : ids) {
        if (o.id().equals(id) && o.status() != Status.PASSED) {
          return true;
        }
      }
    }
    return false;
  }

  /** The seed report's severity lines, each answered from the checks and the tests. */
  public Map<String, Boolean> critical() {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("Double booking possible", failed("double booking") || testFailed("1.1", "3.1"));
    m.put("Money leakage", failed("money leakage"));
    m.put("Slot permanently blocked", failed("slot permanently blocked"));
    m.put("Payment idempotency broken", failed("payment idempotency") || testFailed("1.2"));
    return m;
  }

  public Map<String, Boolean> high() {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("Retry logic broken", testFailed("3.2", "3.3"));
    m.put("Compensation not executed", failed("compensation executed") || testFailed("2.1", "2.2", "2.3", "4.1", "4.2", "4.3"));
    m.put("Observability gaps", testFailed("5.1", "5.2", "5.3", "5.4", "3.4") || failed("nothing dead-lettered"));
    m.put("Performance degradation", testFailed("3.1"));
    return m;
  }

  public String markdown(Path logDir) {
    StringBuilder md = new StringBuilder();
    md.append("# BOOKIJI Stress Test Report\n\n");
    md.append("**Generated:** ").append(finishedAt).append("  \n");
    md.append("**Started:** ").append(startedAt).append("  \n");
    md.append("**Command:** `").append(command).append("`  \n");
    environment.forEach((k, v) -> md.append("**").append(k).append(":** ").append(v).append("  \n"));
    md.append("**Logs:** `").append(logDir).append("` (one per test, plus `stack.log` and `checker.log`)\n\n---\n\n");
    md.append("## Executive Summary\n\n");
    md.append("Every test runs against the stack as `./bookiji up` starts it (separate processes, real broker, PostgreSQL, ")
        .append("registry and Stripe simulator) and asserts invariants. The verdict is computed by an independent checker ")
        .append("that reads the services' databases, the simulator's objects and the topics directly.\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| tests passed | ").append(outcomes.stream().filter(o -> o.status() == Status.PASSED).count()).append(" / ").append(StressSuite.scenarios().size()).append(" |\n");
    md.append("| kill -9 | ").append(kills.values().stream().mapToInt(Integer::intValue).sum()).append(" ").append(kills).append(" |\n");
    md.append("| SIGSTOP/SIGCONT pauses | ").append(pauses).append(" |\n");
    md.append("| verdict | **").append(verdict()).append("** |\n\n---\n\n");
    for (String[] part : PARTS) {
      md.append("## PART ").append(part[0]).append(": ").append(part[1]).append("\n\n");
      for (Outcome o : outcomes) {
        if (o.id().startsWith(part[0] + ".")) {
          md.append("### Test ").append(o.id()).append(": ").append(o.title()).append("\n");
          md.append("**Status:** ").append(icon(o.status())).append("  \n");
          md.append("**Duration:** ").append(o.seconds()).append(" s  \n");
          md.append("**Result:** ").append(o.detail().replace("\n", " ")).append("  \n");
          md.append("**Details:** See `").append(o.log()).append("`\n\n");
        }
      }
      md.append("---\n\n");
    }
    md.append("## INVARIANT CHECKS (independent checker)\n\n| check | severity | result |\n|---|---|---|\n");
    for (Check c : checks) {
      md.append("| ").append(c.name()).append(" | ").append(c.severity()).append(" | ")
          .append(c.clean() ? "clean" : "**" + c.violations().size() + " violation(s)**").append(" |\n");
    }
    md.append("\n## FAILURES FOUND\n\n");
    List<String> failures = new ArrayList<>();
    outcomes.stream().filter(o -> o.status() != Status.PASSED)
        .forEach(o -> failures.add("Test " + o.id() + " " + o.status() + ": " + o.detail().replace("\n", " ")));
    checks.stream().filter(c -> !c.clean())
        .forEach(c -> c.violations().stream().limit(20).forEach(v -> failures.add(c.severity() + " " + c.name() + ": " + v)));
    if (failures.isEmpty()) {
      md.append("None.\n");
    } else {
      failures.forEach(f -> md.append("- ").append(f).append("\n"));
    }
    md.append("\n---\n\n## SEVERITY ASSESSMENT\n\n### Critical Risks (Block Launch)\n");
    critical().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v ? "YES" : "NO").append("\n"));
    md.append("\n### High Risks (Require Fix Before Scale)\n");
    high().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v ? "YES" : "NO").append("\n"));
    md.append("\n---\n\n## FINAL VERDICT\n\n**Confidence Level:** ").append(verdict()).append("\n\n");
    md.append("SAFE only when every test passed and every CRITICAL check is clean (HIGH checks are reported above); a test that could not run makes the verdict NOT SAFE.\n");
    return md.toString();
  }

  private static String icon(Status s) {
    return switch (s) {
      case PASSED -> "✅ PASSED";
      case FAILED -> "❌ FAILED";
      case NOT_RUN -> "⚠️ NOT RUN";
    };
  }

  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("startedAt", startedAt.toString());
    root.put("finishedAt", finishedAt.toString());
    root.put("command", command);
    root.put("environment", environment);
    List<Map<String, Object>> tests = new ArrayList<>();
    for (Outcome o : outcomes) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", o.id());
      t.put("title", o.title());
      t.put("status", o.status().name());
      t.put("seconds", o.seconds());
      t.put("detail", o.detail());
      t.put("log", o.log());
      tests.add(t);
    }
    root.put("tests", tests);
    List<Map<String, Object>> cs = new ArrayList<>();
    for (Check c : checks) {
      cs.add(Map.of("name", c.name(), "severity", c.severity().name(), "clean", c.clean(), "violations", c.violations()));
    }
    root.put("checks", cs);
    root.put("kills", kills);
    root.put("pauses", pauses);
    root.put("criticalRisks", critical());
    root.put("highRisks", high());
    root.put("verdict", verdict());
    return StackApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("stress-report.md"), markdown(dir));
    Files.writeString(dir.resolve("stress-report.json"), json());
  }
}
