package com.bookiji.payment.stripe;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stripe connection and retry policy. {@code apiBase} empty means the real Stripe API; otherwise
 * the URL of the project's Stripe simulator.
 */
@ConfigurationProperties("bookiji.stripe")
public record StripeProperties(
    @DefaultValue("sk_test_bookiji") String apiKey,
    @DefaultValue("") String apiBase,
    @DefaultValue("whsec_bookiji") String webhookSecret,
    @DefaultValue("300") long webhookToleranceSeconds,
    @DefaultValue("2000") int connectTimeoutMillis,
    @DefaultValue("10000") int readTimeoutMillis,
    @DefaultValue Retry retry) {

  /** Exponential backoff with jitter, same idempotency key on every try. */
  public record Retry(
      @DefaultValue("6") int maxAttempts,
      @DefaultValue("200") long initialBackoffMillis,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("0.5") double jitter,
      @DefaultValue("5000") long maxBackoffMillis,
      @DefaultValue("10000") long maxRetryAfterMillis) {}

  public boolean simulator() {
    return apiBase != null && !apiBase.isBlank();
  }
}
