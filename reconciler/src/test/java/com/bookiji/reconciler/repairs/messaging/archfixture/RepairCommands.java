package com.bookiji.reconciler.repairs.messaging.archfixture;

/** Writes to the outbox behind no application port and under another name, on purpose: see ArchitectureTest. */
public class RepairCommands {
  com.bookiji.platform.outbox.Outbox outbox;
}
