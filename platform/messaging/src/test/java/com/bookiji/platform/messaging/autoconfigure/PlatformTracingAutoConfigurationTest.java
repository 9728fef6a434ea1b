package com.bookiji.platform.messaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlatformTracingAutoConfigurationTest {

  final SpanExportingPredicate exported = new PlatformTracingAutoConfiguration().scheduledRunsAreNotTraces();

  @Test
  @DisplayName("a timer run is not exported as a trace of its own; what happens inside it, and everything else, is")
  void scheduledRunsAreNotTraces() {
    assertThat(exported.isExportable(span("task holdExpiryScheduler.sweep", "0000000000000000"))).isFalse();
    assertThat(exported.isExportable(span("task holdExpiryScheduler.sweep", null))).isFalse();
    assertThat(exported.isExportable(span("stripe retrieve", "00f067aa0ba902b7"))).isTrue();
    assertThat(exported.isExportable(span("availability.commands process", "0000000000000000"))).isTrue();
    assertThat(exported.isExportable(span("http post /reservations", null))).isTrue();
  }

  private static FinishedSpan span(String name, String parentId) {
    FinishedSpan span = mock(FinishedSpan.class);
    when(span.getName()).thenReturn(name);
    when(span.getParentId()).thenReturn(parentId);
    return span;
  }
}
