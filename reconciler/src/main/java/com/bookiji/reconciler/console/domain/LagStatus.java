package com.bookiji.reconciler.console.domain;

/** A consumer's health on a partition, after Burrow's evaluation rules; a group takes its worst partition's. */
public enum LagStatus {
  /** Caught up at some point of the window, or catching up. */
  OK,
  /** Committing, but the lag grew over the whole window. */
  WARN,
  /** The group is alive but its committed offset has not moved over the window while there is lag. */
  STALL,
  /** Nobody commits: the group has no live member while there is lag. */
  STOP;

  public LagStatus worse(LagStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
