package com.bookiji.payment.application.archfixture;

/** Reads the payment table from the application layer instead of a port, on purpose: see ArchitectureTest. */
public class ApplicationLeak {
  com.bookiji.payment.persistence.JdbcPaymentStore payments;
}
