package com.bookiji.reconciler.stripe.domain;

import java.time.Instant;

/** A charge as Stripe lists it: what was captured of it and what was refunded. */
public record StripeCharge(String id, String paymentIntentId, long amountCapturedMinor, long amountRefundedMinor,
    boolean captured, String currency, Instant createdAt) {}
