package com.bookiji.platform.archrules.sample.application;

/** Uses no adapter: an exception naming it is stale. */
public record PriceQuery(String currency) {
}
