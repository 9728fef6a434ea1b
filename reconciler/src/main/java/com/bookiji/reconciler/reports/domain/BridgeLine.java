package com.bookiji.reconciler.reports.domain;

/** One step from what our bookings say to what Stripe holds, in one currency (minor units, signed). */
public record BridgeLine(String currency, String step, long amountMinor) {}
