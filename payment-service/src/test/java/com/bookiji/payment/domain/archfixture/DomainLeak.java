package com.bookiji.payment.domain.archfixture;

/** Does JDBC from the domain, on purpose: ArchitectureTest proves the pure-domain rule fails on it. */
public class DomainLeak {
  java.sql.Connection connection;
}
