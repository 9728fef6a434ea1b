package com.bookiji.reconciler.invariants.application;

public final class UnknownFindingException extends RuntimeException {
  public UnknownFindingException(String breakId) {
    super("no finding " + breakId);
  }
}
