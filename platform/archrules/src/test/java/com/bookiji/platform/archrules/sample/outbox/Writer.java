package com.bookiji.platform.archrules.sample.outbox;

/** Stands in for the platform's outbox (this module does not depend on platform-messaging). */
public interface Writer {
  void append(String row);
}
