package com.bookiji.platform.archrules.sample.domain;

/** A domain class that needs java.math: the case a named allowance exists for. */
public record Price(java.math.BigDecimal amount) {
}
