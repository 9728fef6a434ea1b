package com.bookiji.availability.application.archfixture;

/** Knows an Avro contract outside messaging, on purpose: see ArchitectureTest. */
public class ApplicationLeak {
  com.bookiji.schemas.availability.SlotHeld contract;
}
