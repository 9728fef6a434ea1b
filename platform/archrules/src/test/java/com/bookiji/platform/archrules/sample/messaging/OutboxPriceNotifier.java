package com.bookiji.platform.archrules.sample.messaging;

import com.bookiji.platform.archrules.sample.outbox.Writer;

/** Writes to the outbox behind no port: the use cases would have to know this adapter. */
public class OutboxPriceNotifier {
  private final Writer outbox;

  public OutboxPriceNotifier(Writer outbox) {
    this.outbox = outbox;
  }

  public void changed(String price) {
    outbox.append(price);
  }
}
