package com.bookiji.loadtest.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.loadtest.LoadBenchmark;
import com.bookiji.loadtest.Options;
import com.bookiji.loadtest.Result;
import com.bookiji.loadtest.stress.Checker.Check;
import com.bookiji.loadtest.stress.Scenario.Outcome;
import com.bookiji.loadtest.stress.Scenario.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The quick stress suite in {@code ./mvnw verify}: all 16 tests against a stack of its own (the real
 * launcher, processes, broker, PostgreSQL, registry and simulator), then the same stack with
 * payment-service's test-only switch that skips the void: the verdict must turn NOT SAFE.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("the stress suite (quick)")
class StressSuiteIT {

  /** Ports 15080-15084, 16092, 19111, 22432: below the ephemeral range, away from the other stack ITs (5000, 10000). */
  private static final int PORT_OFFSET = 7000;

  private static Path repo;
  private static StressOptions options;
  private static StressSuite suite;
  private static StressReport report;

  @BeforeAll
  static void runTheQuickSuite() throws Exception {
    repo = Path.of(System.getProperty("bookiji.repo", Options.findRepo(Path.of("")).toString())).toAbsolutePath();
    Path target = repo.resolve("loadtest/target");
    options = StressOptions.parse(new String[] {"--quick", "--keep-stack", "--seed", System.getProperty("stress.seed", "20261202"),
        "--state-dir", target.resolve("stress-it-stack").toString(), "--port-offset", Integer.toString(PORT_OFFSET),
        "--report-dir", target.resolve("stress-it-report").toString()}, repo);
    suite = new StressSuite(options, repo);
    report = suite.run();
  }

  @AfterAll
  static void stop() throws Exception {
    if (suite != null) {
      try (StressLog log = new StressLog("stack", options.reportDir().resolve("stack.log"))) {
        suite.stack().down(log);
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("every test of the stress report passes, every critical invariant is clean, and the verdict is SAFE")
  void quickSuiteIsSafe() {
    assertThat(report.outcomes()).as("outcomes").hasSize(StressSuite.scenarios().size());
    assertThat(report.outcomes()).as("tests that did not pass (logs in %s)", options.reportDir())
        .filteredOn(o -> o.status() != Status.PASSED).isEmpty();
    assertThat(report.checks()).as("checks").isNotEmpty()
        .filteredOn(c -> c.severity() == Checker.Severity.CRITICAL && !c.clean()).isEmpty();
    assertThat(report.kills().values().stream().mapToInt(Integer::intValue).sum()).as("kill -9s").isGreaterThanOrEqualTo(options.kills());
    assertThat(report.verdict()).isEqualTo(StressReport.SAFE);
  }

  @Test
  @Order(2)
  @DisplayName("with compensation broken (the void skipped by a test-only switch) the same suite says NOT SAFE")
  void brokenCompensationIsNotSafe() throws Exception {
    // The void is known to be skipped: 4.2 needs only wait as long as a void takes on a quiet stack.
    StressContext ctx = suite.context().withCompensationBound(Duration.ofSeconds(20));
    Path dir = repo.resolve("loadtest/target/stress-it-broken");
    Scenario vendorDeclines = StressSuite.scenarios().stream().filter(s -> s.id().equals("4.2")).findFirst().orElseThrow();
    List<Outcome> outcomes = new ArrayList<>(report.outcomes().stream().filter(o -> !o.id().equals("4.2")).toList());
    try (StressLog log = new StressLog("broken", dir.resolve("switch.log"))) {
      ctx.faults().arm("skip-void", log);
      try {
        outcomes.add(StressSuite.runOne(vendorDeclines, ctx, dir));
      } finally {
        ctx.faults().disarm("skip-void", log);
      }
    }
    List<Check> checks;
    try (StressLog log = new StressLog("checker", dir.resolve("checker.log"))) {
      checks = new Checker(ctx.stack(), ctx.api()).run(log);
    }
    StressReport broken = new StressReport(Instant.now(), Instant.now(), "skip-void switch armed for 4.2", report.environment(),
        outcomes, checks, report.kills(), report.pauses());
    broken.write(dir);

    assertThat(outcomes).filteredOn(o -> o.id().equals("4.2")).singleElement()
        .satisfies(o -> assertThat(o.status()).as("4.2 with the void skipped: %s", o.detail()).isEqualTo(Status.FAILED));
    assertThat(checks).filteredOn(c -> c.name().equals("money leakage: authorization left open")).singleElement()
        .satisfies(c -> assertThat(c.clean()).as("the checker sees the open authorization").isFalse());
    assertThat(broken.critical()).containsEntry("Money leakage", true);
    assertThat(broken.verdict()).isEqualTo(StressReport.NOT_SAFE);
  }

  @Test
  @Order(3)
  @DisplayName("the quick load benchmark on the same stack loses nothing: every reservation it starts reaches a terminal state, no error")
  void quickLoadBenchmarkLosesNothing() throws Exception {
    // Only accounting is asserted here: the performance targets are judged by the benchmark itself, never by a test.
    Options quick = Options.parse(new String[] {"--quick", "--state-dir", options.stateDir().toString(),
        "--port-offset", Integer.toString(PORT_OFFSET)}, repo);
    Result result = LoadBenchmark.measure(quick);

    assertThat(result.reservationsStarted()).as("reservations started").isPositive();
    assertThat(result.reservationsReported()).as("each started reservation reported").isEqualTo(result.reservationsStarted());
    assertThat(result.allOutcomes().keySet()).as("outcomes").allMatch(result.terminalOutcomes()::contains);
    assertThat(result.unaccounted()).as("not accounted for").isEmpty();
    assertThat(result.idleProcesses()).as("the quiet phase measured the stack's processes").isNotEmpty();
    assertThat(result.baseline()).as("the INSERT baseline ran (%s)", result.baselineProblem()).isNotNull();
    assertThat(result.baseline().inserts()).as("baseline inserts").isPositive();
    try (Connection c = DriverManager.getConnection(suite.stack().jdbcUrl("postgres"), "postgres", "postgres");
        PreparedStatement q = c.prepareStatement("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?")) {
      q.setString(1, result.baseline().schema());
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("the baseline's scratch schema %s is dropped", result.baseline().schema()).isZero();
      }
    }
  }
}
