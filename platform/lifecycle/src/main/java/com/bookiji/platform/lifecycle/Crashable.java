package com.bookiji.platform.lifecycle;

/**
 * A component that can stop abruptly, as it would if its process were killed: no acknowledgement
 * of anything in flight, no graceful close. Tests that simulate a process death crash every such
 * bean before closing the application context (the context's own close is graceful, so anything
 * it closes first would acknowledge what a dead process never could).
 */
public interface Crashable {

  /** Stops at once: connections and sessions are dropped, nothing in flight is acknowledged. */
  void crash();
}
