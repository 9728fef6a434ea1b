package com.bookiji.platform.messaging;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels with every message besides its payload: the saga-wide correlation id, the id of the
 * message that caused this one, and the W3C trace context.
 */
public record MessageContext(String correlationId, String causationId, String traceparent) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public MessageContext {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(traceparent, "traceparent");
  }

  /** A new causal chain (e.g. an API request): no cause, a new trace. */
  public static MessageContext root(String correlationId) {
    return new MessageContext(correlationId, null, newTraceparent());
  }

  /** The context for a message caused by the message {@code causeEventId} that carried this context. */
  public MessageContext causedBy(UUID causeEventId) {
    return new MessageContext(correlationId, causeEventId.toString(), childTraceparent(traceparent));
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
