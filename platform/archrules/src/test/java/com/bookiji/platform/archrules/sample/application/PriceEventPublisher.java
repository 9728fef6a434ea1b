package com.bookiji.platform.archrules.sample.application;

/** The port through which the use cases publish price events. */
public interface PriceEventPublisher {
  void changed(String price);
}
