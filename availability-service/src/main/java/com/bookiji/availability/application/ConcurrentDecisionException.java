package com.bookiji.availability.application;

/**
 * Two transactions decided the same reservation at once (possible only while two instances
 * briefly handle the same command during a consumer-group rebalance). The loser throws this to
 * roll back; the inbox retries it, and the retry repeats the winner's decision.
 */
public class ConcurrentDecisionException extends RuntimeException {
  public ConcurrentDecisionException(String message) {
    super(message);
  }
}
