package com.bookiji.platform.messaging;

/** Kafka header names every Bookiji message carries. */
public final class MessageHeaders {
  public static final String EVENT_ID = "eventId";
  public static final String EVENT_TYPE = "eventType";
  public static final String CORRELATION_ID = "correlationId";
  public static final String CAUSATION_ID = "causationId";
  public static final String TRACEPARENT = "traceparent";

  private MessageHeaders() {}
}
