package com.bookiji.reconciler.console.domain;

/** An outbox relay as on-call should read it. */
public enum RelayStatus {
  OK,
  /** Rows wait longer than the console's bound, or two instances claim to stream at once. */
  WARN,
  /** Unreachable, or nobody of the service streams (a lock holder whose engine fails included). */
  DOWN;

  public RelayStatus worse(RelayStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
