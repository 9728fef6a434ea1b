package com.bookiji.payment.stripe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stripe connection and retry policy. With a real key configured and no {@code apiBase}, calls go to
 * the real Stripe API; with the simulator's key ({@code sk_test_bookiji}, the default) and no
 * {@code apiBase}, to the simulator on its default local port; an explicit {@code apiBase} always
 * wins (the local stack and the tests point it at their simulator).
 */
@ConfigurationProperties("bookiji.stripe")
public record StripeProperties(
    @DefaultValue("sk_test_bookiji") String apiKey,
    @DefaultValue("") String apiBase,
    @DefaultValue("whsec_bookiji") String webhookSecret,
    @DefaultValue("5m") Duration webhookTolerance,
    @DefaultValue("2s") Duration connectTimeout,
    @DefaultValue("10s") Duration readTimeout,
    @DefaultValue Retry retry) {

  /** Exponential backoff with jitter, same idempotency key on every try. */
  public record Retry(
      @DefaultValue("6") int maxAttempts,
      @DefaultValue("200ms") Duration initialBackoff,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("0.5") double jitter,
      @DefaultValue("5s") Duration maxBackoff,
      @DefaultValue("10s") Duration maxRetryAfter) {}

  public static final String SIMULATOR_KEY = "sk_test_bookiji";
  public static final String SIMULATOR_DEFAULT_BASE = "http://localhost:12111";

  /** The API base to use, or null for the real Stripe API. */
  public String effectiveApiBase() {
    if (apiBase != null && !apiBase.isBlank()) {
      return apiBase;
    }
    return SIMULATOR_KEY.equals(apiKey) ? SIMULATOR_DEFAULT_BASE : null;
  }
}
