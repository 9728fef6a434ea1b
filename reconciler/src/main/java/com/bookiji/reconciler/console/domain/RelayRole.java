package com.bookiji.reconciler.console.domain;

/** Which part an instance's relay plays, as far as its metrics tell. */
public enum RelayRole {
  /** Holds the relay lock: it streams, or its engine keeps failing. */
  ACTIVE,
  /** Waits for the lock (or, briefly, starts its engine after taking it). */
  STANDBY,
  /** The instance did not answer. */
  UNKNOWN
}
