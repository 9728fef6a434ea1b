package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;

/** A dispute (chargeback) as Stripe lists it. */
public record StripeDispute(String id, String paymentIntentId, long amountMinor, String currency, String status,
    Instant createdAt) {}
