package com.bookiji.loadtest.stress;

import com.bookiji.loadtest.CommandLines;
import com.bookiji.loadtest.Options;
import java.nio.file.Path;

/**
 * {@code ./bookiji stress [--quick] [--seconds N] [--seed S] ...}: runs the suite against a stack of
 * its own, writes the report and exits 0 only when the verdict is SAFE (1 otherwise, 2 on bad usage).
 */
public final class StressMain {

  private StressMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(System.getProperty("bookiji.repo", Options.findRepo(Path.of("")).toString()));
    StressOptions options = CommandLines.parseOrExit(() -> StressOptions.parse(args, repo));
    System.out.println("stress suite: seed " + options.seed() + " (reproduce with --seed " + options.seed() + "), report in "
        + options.reportDir());
    StressSuite suite = new StressSuite(options, repo);
    StressReport report = suite.run();
    try (StressLog log = new StressLog("stack", options.reportDir().resolve("stack.log"))) {
      suite.finish(log);
    }
    System.out.println("VERDICT: " + report.verdict());
    System.exit(StressReport.SAFE.equals(report.verdict()) ? 0 : 1);
  }
}
