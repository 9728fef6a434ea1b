package com.bookiji.reservation.application.archfixture;

/** Uses the JDBC store instead of its ReservationStore port, on purpose: see ArchitectureTest. */
public class ApplicationLeak {
  com.bookiji.reservation.persistence.JdbcReservationStore reservations;
}
