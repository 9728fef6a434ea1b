package com.bookiji.platform.messaging.autoconfigure;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Tracing rules every service shares (the tracer itself is Spring Boot's; see docs/observability.md).
 */
@AutoConfiguration
@ConditionalOnClass(SpanExportingPredicate.class)
public class PlatformTracingAutoConfiguration {

  /**
   * Spring observes every {@code @Scheduled} run, so each poll of the deadline, expiry, sweep and
   * janitor timers — several a second per service — would be a trace of its own, nearly always
   * empty, at the 100 % sampling the platform sets. Their root spans are not exported; a span made
   * inside a run (a Stripe call of the payment sweep) still is, and the saga messages a run sends
   * carry the saga's own trace anyway.
   */
  @Bean
  SpanExportingPredicate scheduledRunsAreNotTraces() {
    return span -> !isScheduledRun(span);
  }

  static boolean isScheduledRun(FinishedSpan span) {
    String parent = span.getParentId();
    boolean root = parent == null || parent.isEmpty() || parent.chars().allMatch(c -> c == '0');
    return root && span.getName() != null && span.getName().startsWith("task ");
  }
}
