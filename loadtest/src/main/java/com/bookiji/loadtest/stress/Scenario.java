package com.bookiji.loadtest.stress;

/**
 * One of the stress report's 16 tests: a real scenario against the running stack that asserts
 * invariants (throws AssertionError naming what broke) and never reads log lines.
 */
public interface Scenario {

  /** "1.1", "3.3", ... */
  String id();

  /** The report's name of the test, e.g. "Concurrent Reservations". */
  String title();

  /** The log file's name without the id, e.g. "concurrent-reservations". */
  String slug();

  void run(StressContext ctx, StressLog log) throws Exception;

  @FunctionalInterface
  interface Body {
    void run(StressContext ctx, StressLog log) throws Exception;
  }

  static Scenario of(String id, String title, String slug, Body body) {
    return new Scenario() {
      @Override public String id() { return id; }
      @Override public String title() { return title; }
      @Override public String slug() { return slug; }
      @Override public void run(StressContext ctx, StressLog log) throws Exception { body.run(ctx, log); }
    };
  }

  /** The test's outcome: PASSED, FAILED (an invariant broke), NOT_RUN (it could not run). */
  enum Status { PASSED, FAILED, NOT_RUN }

  record Outcome(String id, String title, Status status, String detail, long seconds, String log) {}
}
