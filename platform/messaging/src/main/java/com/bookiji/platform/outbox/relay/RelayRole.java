package com.bookiji.platform.outbox.relay;

/** What this instance's relay is doing. */
public enum RelayRole {
  /** Not started, or stopped. */
  STOPPED,
  /** Another instance holds the relay lock; this one retries every second. */
  STANDBY,
  /** Holds the lock and runs (or is starting) the Debezium engine. */
  ACTIVE
}
