package com.bookiji.reservation.saga.archfixture;

/** Writes to a file from the saga, on purpose: ArchitectureTest proves the pure-domain rule covers the saga. */
public class SagaLeak {
  java.io.FileWriter journal;
}
