package com.bookiji.platform.archrules.sample.messaging;

import com.bookiji.platform.archrules.sample.application.PriceEventPublisher;
import com.bookiji.platform.archrules.sample.outbox.Writer;

/** Implements the port but is not named after it. */
public class PriceEvents implements PriceEventPublisher {
  private final Writer outbox;

  public PriceEvents(Writer outbox) {
    this.outbox = outbox;
  }

  @Override
  public void changed(String price) {
    outbox.append(price);
  }
}
