package com.bookiji.reservation.web.archfixture;

/** Reaches the idempotency table from a controller, on purpose: see ArchitectureTest. */
public class WebLeak {
  com.bookiji.reservation.persistence.JdbcIdempotencyStore idempotency;
}
