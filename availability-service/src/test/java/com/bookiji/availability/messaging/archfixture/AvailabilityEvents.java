package com.bookiji.availability.messaging.archfixture;

/** Writes to the outbox behind no application port and under another name, on purpose: see ArchitectureTest. */
public class AvailabilityEvents {
  com.bookiji.platform.outbox.Outbox outbox;
}
