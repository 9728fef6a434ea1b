package com.bookiji.reconciler.stripe.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bookiji.reconciler.stripe.*}. Reconciliation runs when {@code enabled}; without
 * {@code api-base} stripe-java talks to the real Stripe API with {@code api-key}.
 */
@ConfigurationProperties("bookiji.reconciler.stripe")
public class StripeProperties {

  private boolean enabled;
  private String apiKey;
  private String apiBase;
  /** How far back each listing reaches. */
  private Duration window = Duration.ofDays(8);
  private Duration interval = Duration.ofMinutes(1);
  /** Stripe's page size (1–100). */
  private long pageSize = 100;
  private Duration grace = Duration.ofMinutes(2);

  public boolean isEnabled() { return enabled; }
  public void setEnabled(boolean enabled) { this.enabled = enabled; }
  public String getApiKey() { return apiKey; }
  public void setApiKey(String apiKey) { this.apiKey = apiKey; }
  public String getApiBase() { return apiBase; }
  public void setApiBase(String apiBase) { this.apiBase = apiBase; }
  public Duration getWindow() { return window; }
  public void setWindow(Duration window) { this.window = window; }
  public Duration getInterval() { return interval; }
  public void setInterval(Duration interval) { this.interval = interval; }
  public long getPageSize() { return pageSize; }
  public void setPageSize(long pageSize) { this.pageSize = pageSize; }
  public Duration getGrace() { return grace; }
  public void setGrace(Duration grace) { this.grace = grace; }
}
