package com.bookiji.platform.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;

/** One record as read by {@link TopicProbe}: raw key/value, headers as strings, and the decoded payload. */
public final class ProbedRecord {

  private final String topic;
  private final int partition;
  private final long offset;
  private final String key;
  private final byte[] value;
  private final Map<String, String> headers;
  private final BiFunction<String, byte[], Object> decoder;

  ProbedRecord(String topic, int partition, long offset, String key, byte[] value,
      Map<String, String> headers, BiFunction<String, byte[], Object> decoder) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.value = value;
    this.headers = headers;
    this.decoder = decoder;
  }

  public String topic() { return topic; }

  public int partition() { return partition; }

  public long offset() { return offset; }

  public String key() { return key; }

  /** The value bytes exactly as on the broker (Confluent wire format for Bookiji topics). */
  public byte[] value() { return value; }

  /** Last value of each header, decoded as UTF-8. */
  public Map<String, String> headers() { return headers; }

  public String header(String name) { return headers.get(name); }

  /** The value decoded with the registry (AvroWireFormat); fails for bytes that are not Avro. */
  @SuppressWarnings("unchecked")
  public <T> T payload() {
    return (T) decoder.apply(topic, value);
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset + " key=" + key + " headers=" + headers
        + " value=" + (value == null ? "null" : value.length + " bytes");
  }

  static String utf8(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
