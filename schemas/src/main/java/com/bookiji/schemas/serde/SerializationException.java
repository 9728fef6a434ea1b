package com.bookiji.schemas.serde;

/**
 * A record could not be turned into Confluent wire-format bytes or back: unknown magic byte, too
 * short a payload, unknown schema id, no generated class for the writer's record, corrupt Avro, or
 * the registry failing. Extends Kafka's own {@code SerializationException} so Kafka clients treat it
 * as a (de)serialization failure. {@link #retriable()} says whether trying again may help (the
 * registry was unreachable or failed); otherwise the bytes themselves are bad: dead-letter them.
 */
public class SerializationException extends org.apache.kafka.common.errors.SerializationException {
  private final boolean retriable;

  public SerializationException(String message) {
    this(message, null, false);
  }

  public SerializationException(String message, Throwable cause, boolean retriable) {
    super(message, cause);
    this.retriable = retriable;
  }

  public boolean retriable() { return retriable; }
}
