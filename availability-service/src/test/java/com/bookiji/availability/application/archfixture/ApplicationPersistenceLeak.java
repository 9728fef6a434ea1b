package com.bookiji.availability.application.archfixture;

/** Reads a repository from the application layer instead of a port, on purpose: see ArchitectureTest. */
public class ApplicationPersistenceLeak {
  com.bookiji.availability.persistence.HoldRepository holds;
}
