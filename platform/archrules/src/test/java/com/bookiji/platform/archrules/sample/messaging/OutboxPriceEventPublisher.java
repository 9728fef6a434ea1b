package com.bookiji.platform.archrules.sample.messaging;

import com.bookiji.platform.archrules.sample.application.PriceEventPublisher;
import com.bookiji.platform.archrules.sample.outbox.Writer;

/** The shape the rule asks for: Outbox + the name of the application port it implements. */
public class OutboxPriceEventPublisher implements PriceEventPublisher {
  private final Writer outbox;

  public OutboxPriceEventPublisher(Writer outbox) {
    this.outbox = outbox;
  }

  @Override
  public void changed(String price) {
    outbox.append(price);
  }
}
