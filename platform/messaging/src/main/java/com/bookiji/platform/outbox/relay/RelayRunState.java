package com.bookiji.platform.outbox.relay;

/** The relay's lifecycle as its parts see it (set by {@link OutboxRelay}'s start, stop and crash). */
interface RelayRunState {

  /** Started and not yet asked to stop. */
  boolean running();

  /**
   * Dying as a killed process would: the lock is dropped, not released, and nothing in flight may
   * be acknowledged or committed.
   */
  boolean crashed();
}
