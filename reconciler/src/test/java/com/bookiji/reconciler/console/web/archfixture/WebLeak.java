package com.bookiji.reconciler.console.web.archfixture;

/** Reads dead letters straight from Kafka in a controller, on purpose: see ArchitectureTest. */
public class WebLeak {
  com.bookiji.reconciler.console.messaging.KafkaDeadLetterRecords deadLetters;
}
