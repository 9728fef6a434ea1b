package com.bookiji.platform.inbox.internal;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serializer;

/** Writes dead letters byte for byte as they arrived (raw bytes of an {@link AvroPayload}). */
public final class DeadLetterSerializer implements Serializer<Object> {

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null) {
      return null;
    }
    if (data instanceof byte[] bytes) {
      return bytes;
    }
    if (data instanceof AvroPayload payload) {
      return payload.raw();
    }
    if (data instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("cannot dead-letter a " + data.getClass().getName());
  }
}
