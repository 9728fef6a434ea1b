package com.bookiji.stripesim;

/** What an API fault rule does to a matching request. */
public enum FaultKind {
  /** Waits {@code latencyMs}, then handles the request normally. */
  LATENCY,
  /** Answers {@code status} (default 500) with Stripe's {@code api_error}; nothing happens. */
  HTTP_5XX,
  /** Answers 429 {@code rate_limit} with a {@code Retry-After} header; nothing happens. */
  RATE_LIMIT,
  /** Drops the connection without handling the request; nothing happens. */
  CONNECTION_RESET,
  /** Handles the request (and saves its idempotent result), then drops the connection. */
  APPLIED_RESPONSE_LOST
}
