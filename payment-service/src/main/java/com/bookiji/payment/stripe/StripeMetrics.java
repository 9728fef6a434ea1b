package com.bookiji.payment.stripe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Stripe call latency, errors by operation and code, and retries. */
@Component
public class StripeMetrics {

  private final MeterRegistry registry;

  public StripeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void call(String operation, String code, Duration latency) {
    Timer.builder("bookiji.stripe.call")
        .description("Stripe HTTP call latency (one try)")
        .tag("operation", operation).tag("code", code)
        .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
        .register(registry).record(latency);
  }

  public void error(String operation, String code) {
    Counter.builder("bookiji.stripe.call.errors").tag("operation", operation).tag("code", code)
        .register(registry).increment();
  }

  public void retry(String operation) {
    Counter.builder("bookiji.stripe.retries").tag("operation", operation)
        .register(registry).increment();
  }

  public void outcome(String operation, String outcome) {
    Counter.builder("bookiji.stripe.operations").tag("operation", operation)
        .tag("outcome", outcome).register(registry).increment();
  }

  /** A Stripe call whose audit row could not be written even after retries (it is logged). */
  public void auditLost(String operation) {
    Counter.builder("bookiji.stripe.audit.lost").tag("operation", operation)
        .register(registry).increment();
  }
}
