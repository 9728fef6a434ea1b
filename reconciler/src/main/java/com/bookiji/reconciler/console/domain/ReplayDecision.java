package com.bookiji.reconciler.console.domain;

/** Whether a dead letter may go back to its topic now; a refusal names why, in a stable code and words. */
public sealed interface ReplayDecision {

  record Replay(String reason) implements ReplayDecision {}

  record Refused(String code, String reason) implements ReplayDecision {}
}
