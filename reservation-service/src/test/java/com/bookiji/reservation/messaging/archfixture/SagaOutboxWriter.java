package com.bookiji.reservation.messaging.archfixture;

/** Writes to the outbox behind no application port and under another name, on purpose: see ArchitectureTest. */
public class SagaOutboxWriter {
  com.bookiji.platform.outbox.Outbox outbox;
}
