package com.bookiji.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessageContextTest {

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

  @Test
  @DisplayName("a new chain started inside a span (an HTTP request) carries that span's trace and span id")
  void rootTakesTheCurrentSpan() {
    try (Scope scope = current(TRACE, "00f067aa0ba902b7")) {
      assertThat(MessageContext.root("r-1").traceparent())
          .isEqualTo("00-" + TRACE + "-00f067aa0ba902b7-01");
    }
  }

  @Test
  @DisplayName("a new chain without a span gets a trace of its own, a new one each time")
  void rootWithoutSpanMakesATrace() {
    MessageContext a = MessageContext.root("r-1");
    MessageContext b = MessageContext.root("r-1");
    assertThat(a.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(a.traceId()).isNotEqualTo(b.traceId());
  }

  @Test
  @DisplayName("a message caused inside the consumer span of its cause carries that span: a child in the same trace")
  void causedByTakesTheConsumerSpan() {
    MessageContext inbound = new MessageContext("r-1", null, "00-" + TRACE + "-1111111111111111-01");
    try (Scope scope = current(TRACE, "2222222222222222")) {
      MessageContext next = inbound.causedBy(UUID.randomUUID());
      assertThat(next.traceparent()).isEqualTo("00-" + TRACE + "-2222222222222222-01");
    }
  }

  @Test
  @DisplayName("a span of another trace (a vendor's request, a scheduler run) does not take the saga's trace over")
  void spanOfAnotherTraceIsIgnored() {
    MessageContext saga = new MessageContext("r-1", null, "00-" + TRACE + "-1111111111111111-01");
    try (Scope scope = current(OTHER_TRACE, "2222222222222222")) {
      assertThat(saga.causedBy(UUID.randomUUID()).traceId()).contains(TRACE);
      MessageContext resumed = saga.resumed();
      assertThat(resumed.traceId()).contains(TRACE);
      assertThat(resumed.traceparent()).isNotEqualTo(saga.traceparent());
      assertThat(resumed.causationId()).isNull();
    }
  }

  @Test
  @DisplayName("without any span a caused message keeps the trace with a new span id")
  void causedByWithoutSpan() {
    MessageContext inbound = new MessageContext("r-1", null, "00-" + TRACE + "-1111111111111111-01");
    MessageContext next = inbound.causedBy(UUID.randomUUID());
    assertThat(next.traceId()).contains(TRACE);
    assertThat(next.traceparent()).doesNotContain("1111111111111111");
  }

  private static Scope current(String traceId, String spanId) {
    return Span.wrap(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .makeCurrent();
  }
}
