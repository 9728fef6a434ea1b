package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;
import java.util.List;

/** Every PaymentIntent, charge, refund and dispute Stripe returned for a window, across all pages, and when it was listed. */
public record StripeListing(Instant createdFrom, Instant listedAt, int pages, List<StripeIntent> intents,
    List<StripeRefund> refunds, List<StripeDispute> disputes, List<StripeCharge> charges) {

  public StripeListing {
    intents = List.copyOf(intents);
    refunds = List.copyOf(refunds);
    disputes = List.copyOf(disputes);
    charges = List.copyOf(charges);
  }

  public StripeListing(Instant createdFrom, Instant listedAt, int pages, List<StripeIntent> intents,
      List<StripeRefund> refunds, List<StripeDispute> disputes) {
    this(createdFrom, listedAt, pages, intents, refunds, disputes, List.of());
  }

  public StripeListing(Instant createdFrom, Instant listedAt, int pages, List<StripeIntent> intents,
      List<StripeRefund> refunds) {
    this(createdFrom, listedAt, pages, intents, refunds, List.of(), List.of());
  }

  public StripeListing(Instant createdFrom, Instant listedAt, int pages, List<StripeIntent> intents) {
    this(createdFrom, listedAt, pages, intents, List.of(), List.of(), List.of());
  }
}
