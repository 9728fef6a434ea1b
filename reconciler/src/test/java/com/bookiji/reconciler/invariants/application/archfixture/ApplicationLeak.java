package com.bookiji.reconciler.invariants.application.archfixture;

/** Uses the JDBC finding store instead of its port, on purpose: see ArchitectureTest. */
public class ApplicationLeak {
  com.bookiji.reconciler.invariants.persistence.JdbcFindingStore findings;
}
