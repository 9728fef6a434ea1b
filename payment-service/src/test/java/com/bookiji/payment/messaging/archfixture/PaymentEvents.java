package com.bookiji.payment.messaging.archfixture;

/** Writes to the outbox behind no application port and under another name, on purpose: see ArchitectureTest. */
public class PaymentEvents {
  com.bookiji.platform.outbox.Outbox outbox;
}
