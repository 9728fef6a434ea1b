package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;
import java.util.List;

/** Every PaymentIntent and refund Stripe returned for a window, across all pages, and when it was listed. */
public record StripeListing(Instant createdFrom, Instant listedAt, int pages, List<StripeIntent> intents,
    List<StripeRefund> refunds) {

  public StripeListing {
    intents = List.copyOf(intents);
    refunds = List.copyOf(refunds);
  }

  public StripeListing(Instant createdFrom, Instant listedAt, int pages, List<StripeIntent> intents) {
    this(createdFrom, listedAt, pages, intents, List.of());
  }
}
