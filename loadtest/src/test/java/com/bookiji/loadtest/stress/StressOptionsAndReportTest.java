package com.bookiji.loadtest.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.loadtest.stress.Checker.Check;
import com.bookiji.loadtest.stress.Checker.Severity;
import com.bookiji.loadtest.stress.Scenario.Outcome;
import com.bookiji.loadtest.stress.Scenario.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the stress suite's options and verdict")
class StressOptionsAndReportTest {

  private static final Path REPO = Path.of("/repo");

  @Test
  @DisplayName("--quick shortens the window and the soak; a seed is kept as given")
  void quickAndSeed() {
    StressOptions quick = StressOptions.parse(new String[] {"--quick", "--seed", "7"}, REPO);
    assertThat(quick.seconds()).isEqualTo(15);
    assertThat(quick.kills()).isEqualTo(8);
    assertThat(quick.seed()).isEqualTo(7);
    StressOptions full = StressOptions.parse(new String[] {"--seconds", "300", "--kills", "250"}, REPO);
    assertThat(full.seconds()).isEqualTo(300);
    assertThat(full.kills()).isEqualTo(250);
    assertThat(full.stateDir()).isEqualTo(REPO.resolve(".bookiji-stress"));
    assertThat(full.commandLine()).contains("--seed " + full.seed());
  }

  @Test
  @DisplayName("bad options are refused with the usage")
  void badOptions() {
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--seconds", "0"}, REPO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--seed"}, REPO)).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--fast"}, REPO)).hasMessageContaining("usage");
  }

  @Test
  @DisplayName("picocli: an unknown option, a missing or malformed value are clear errors with the usage; --only splits on commas; --help is no error")
  void commandLine() {
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--quick", "--fast"}, REPO))
        .isInstanceOfSatisfying(com.bookiji.loadtest.CommandLines.UsageException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(2);
          assertThat(e.getMessage()).contains("Unknown option: '--fast'", "usage: ./bookiji stress", "--reuse-stack");
        });
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--kills", "--quick"}, REPO)).hasMessageContaining("--kills needs a value");
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--seed", "x"}, REPO)).hasMessageContaining("Invalid value for option '--seed'");
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--kills", "-1"}, REPO)).hasMessageContaining("whole number from 0");
    assertThat(StressOptions.parse(new String[] {"--only", "1.1,3.3", "--keep-stack"}, REPO).only()).containsExactly("1.1", "3.3");
    assertThatThrownBy(() -> StressOptions.parse(new String[] {"--help"}, REPO))
        .isInstanceOfSatisfying(com.bookiji.loadtest.CommandLines.UsageException.class, e -> assertThat(e.exitCode()).isZero());
  }

  @Test
  @DisplayName("the same seed gives every test the same random choices")
  void seedReproducesTheSchedule() {
    StressOptions a = StressOptions.parse(new String[] {"--seed", "99"}, REPO);
    StressContext one = new StressContext(null, null, null, a);
    StressContext two = new StressContext(null, null, null, a);
    assertThat(one.random("3.3").ints(20, 0, 1000).boxed().toList())
        .isEqualTo(two.random("3.3").ints(20, 0, 1000).boxed().toList())
        .isNotEqualTo(one.random("3.2").ints(20, 0, 1000).boxed().toList());
  }

  private static List<Outcome> all(Status status) {
    List<Outcome> o = new ArrayList<>();
    for (Scenario s : StressSuite.scenarios()) {
      o.add(new Outcome(s.id(), s.title(), status, "", 1, s.id() + ".log"));
    }
    return o;
  }

  private static StressReport report(List<Outcome> outcomes, List<Check> checks) {
    return new StressReport(Instant.EPOCH, Instant.EPOCH, "test", Map.of(), outcomes, checks, Map.of(), 0);
  }

  private static final List<Check> CLEAN = List.of(new Check("double booking", Severity.CRITICAL, List.of()),
      new Check("money leakage: authorization left open", Severity.CRITICAL, List.of()));

  @Test
  @DisplayName("SAFE only when every test passed and every critical check is clean")
  void verdict() {
    assertThat(StressSuite.scenarios()).as("the seed report's tests: 2 + 3 + 4 + 4 + 4 (the issue calls them \"the 16\")").hasSize(17);
    assertThat(report(all(Status.PASSED), CLEAN).verdict()).isEqualTo(StressReport.SAFE);

    List<Outcome> oneNotRun = all(Status.PASSED);
    oneNotRun.set(5, new Outcome("3.1", "Volume Reservations", Status.NOT_RUN, "could not run", 0, "x"));
    assertThat(report(oneNotRun, CLEAN).verdict()).as("a test that could not run").isEqualTo(StressReport.NOT_SAFE);
    assertThat(report(all(Status.PASSED).subList(0, 16), CLEAN).verdict()).as("a test missing").isEqualTo(StressReport.NOT_SAFE);
    assertThat(report(all(Status.PASSED), List.of()).verdict()).as("no checks ran").isEqualTo(StressReport.NOT_SAFE);

    List<Check> leak = List.of(new Check("money leakage: authorization left open", Severity.CRITICAL, List.of("pi_1 open")));
    StressReport leaking = report(all(Status.PASSED), leak);
    assertThat(leaking.verdict()).isEqualTo(StressReport.NOT_SAFE);
    assertThat(leaking.critical()).containsEntry("Money leakage", true).containsEntry("Double booking possible", false);
    assertThat(leaking.markdown(Path.of("logs"))).contains("## FINAL VERDICT", "**Confidence Level:** NOT SAFE",
        "### Test 4.4: Crash Between Capture and Commit", "## PART 5: OBSERVABILITY", "pi_1 open");
    assertThat(leaking.json()).contains("\"verdict\" : \"NOT SAFE\"");

    List<Check> highOnly = new ArrayList<>(CLEAN);
    highOnly.add(new Check("nothing dead-lettered", Severity.HIGH, List.of("1 record(s) on x-dlt")));
    StressReport high = report(all(Status.PASSED), highOnly);
    assertThat(high.verdict()).as("HIGH findings are reported, not blocking").isEqualTo(StressReport.SAFE);
    assertThat(high.high()).containsEntry("Observability gaps", true);
  }
}
