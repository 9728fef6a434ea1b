package com.bookiji.reconciler.reports.domain;

import java.util.List;

/**
 * From what our bookings say to what Stripe holds, in one currency: the bookings (confirmed
 * reservations at their price), each explained difference, what Stripe should therefore hold, what it
 * does hold (captured − refunded − withdrawn by disputes), and the residual nobody explained.
 */
public record CurrencyBridge(String currency, long bookingsMinor, List<BridgeLine> steps, long expectedAtStripeMinor,
    long stripeNetMinor, long residualMinor) {

  public CurrencyBridge {
    steps = List.copyOf(steps);
  }
}
