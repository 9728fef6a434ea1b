package com.bookiji.payment.web.archfixture;

/** Hands a command to the Kafka handler from the web layer, on purpose: see ArchitectureTest. */
public class WebLeak {
  com.bookiji.payment.messaging.PaymentCommandHandler handler;
}
