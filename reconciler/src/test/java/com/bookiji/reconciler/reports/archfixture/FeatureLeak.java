package com.bookiji.reconciler.reports.archfixture;

/** Reads another feature's table instead of its application, on purpose: see ArchitectureTest. */
public class FeatureLeak {
  com.bookiji.reconciler.observation.persistence.JdbcObservedMessageStore observed;
}
