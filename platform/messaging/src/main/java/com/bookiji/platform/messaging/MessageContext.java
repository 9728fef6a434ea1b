package com.bookiji.platform.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What travels with every message besides its payload: the saga-wide correlation id, the id of the
 * message that caused this one, and the W3C trace context.
 *
 * <p>The trace context is the current span's when there is one (the HTTP request that started a
 * saga, the inbox's consumer span that handles a message), read from OpenTelemetry's context so
 * that no caller has to pass a tracer along; without a span (a test, tracing off) it is made up
 * here, in the same W3C form.
 */
public record MessageContext(String correlationId, String causationId, String traceparent) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public MessageContext {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(traceparent, "traceparent");
  }

  /** A new causal chain (e.g. an API request): no cause; the current span's trace, else a new one. */
  public static MessageContext root(String correlationId) {
    return new MessageContext(correlationId, null,
        currentTraceparent().orElseGet(MessageContext::newTraceparent));
  }

  /** The context for a message caused by the message {@code causeEventId} that carried this context. */
  public MessageContext causedBy(UUID causeEventId) {
    return new MessageContext(correlationId, causeEventId.toString(), nextTraceparent());
  }

  /**
   * The context for a later step of this chain that no message caused (a person's decision, a
   * timer): no cause, same trace — so one saga stays one trace however long it waits in between.
   */
  public MessageContext resumed() {
    return new MessageContext(correlationId, null, nextTraceparent());
  }

  /** The trace id of {@link #traceparent()} (32 hex digits), if it is a W3C traceparent. */
  public Optional<String> traceId() {
    return traceIdOf(traceparent);
  }

  /**
   * The current span when it belongs to this trace (the consumer span that continues it), else a
   * new span id in this trace: a span of another trace (a vendor's HTTP request, a scheduler run)
   * must not take the saga's messages over.
   */
  private String nextTraceparent() {
    Optional<String> current = currentTraceparent();
    if (current.isPresent() && traceIdOf(current.get()).equals(traceId())) {
      return current.get();
    }
    return childTraceparent(traceparent);
  }

  /** The current OpenTelemetry span as a W3C traceparent, if there is a valid one. */
  public static Optional<String> currentTraceparent() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return Optional.empty();
    }
    return Optional.of("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
        + span.getTraceFlags().asHex());
  }

  static Optional<String> traceIdOf(String traceparent) {
    String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
    return parts.length == 4 && parts[1].length() == 32 ? Optional.of(parts[1]) : Optional.empty();
  }

  static String newTraceparent() {
    return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
  }

  /** Same trace id, new span id: the W3C way to say "caused by". */
  static String childTraceparent(String parent) {
    String[] parts = parent == null ? new String[0] : parent.split("-");
    if (parts.length != 4 || parts[1].length() != 32) {
      return newTraceparent();
    }
    return "00-" + parts[1] + "-" + randomHex(8) + "-" + parts[3];
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
