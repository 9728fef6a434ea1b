package com.bookiji.platform.inbox.internal;

import com.bookiji.schemas.serde.AvroKafkaDeserializer;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/** {@link AvroKafkaDeserializer} that also keeps the raw bytes (wrapped in ErrorHandlingDeserializer). */
public final class RetainingAvroDeserializer implements Deserializer<AvroPayload> {

  private final AvroKafkaDeserializer delegate;

  public RetainingAvroDeserializer(AvroKafkaDeserializer delegate) {
    this.delegate = delegate;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    delegate.configure(configs, isKey);
  }

  @Override
  public AvroPayload deserialize(String topic, byte[] data) {
    return data == null ? null : new AvroPayload(data, delegate.deserialize(topic, data));
  }
}
