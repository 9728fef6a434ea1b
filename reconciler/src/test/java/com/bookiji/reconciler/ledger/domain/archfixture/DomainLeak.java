package com.bookiji.reconciler.ledger.domain.archfixture;

/** Does JDBC from a feature's domain, on purpose: ArchitectureTest proves the pure-domain rule fails on it. */
public class DomainLeak {
  java.sql.Connection connection;
}
