package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;
import java.util.List;

/** Every PaymentIntent Stripe returned for a window, across all pages, and when it was listed. */
public record StripeListing(Instant createdFrom, Instant listedAt, int pages, List<StripeIntent> intents) {

  public StripeListing {
    intents = List.copyOf(intents);
  }
}
