package com.bookiji.payment.application;

/** What Stripe says about one dispute (chargeback) of the intent's charge. */
public record DisputeSnapshot(String id, String chargeId, long amountMinor, String currency,
    String status, String reason) {}
