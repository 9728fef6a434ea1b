package com.bookiji.schemas.serde;

import com.bookiji.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} reading Confluent wire format into our generated records. Either built
 * with an {@link AvroWireFormat}, or by Kafka from its config with key
 * {@value AvroKafkaSerializer#SCHEMA_REGISTRY_URL}. Needs no Avro trusted-packages system property.
 */
public class AvroKafkaDeserializer implements Deserializer<SpecificRecord> {
  public static final String SCHEMA_REGISTRY_URL = AvroKafkaSerializer.SCHEMA_REGISTRY_URL;

  private AvroWireFormat wireFormat;

  public AvroKafkaDeserializer() {}

  public AvroKafkaDeserializer(AvroWireFormat wireFormat) {
    this.wireFormat = wireFormat;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (wireFormat == null) {
      wireFormat = new AvroWireFormat(
          new SchemaRegistryClient(AvroKafkaSerializer.registryUrl(configs)));
    }
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    if (wireFormat == null) {
      throw new IllegalStateException("AvroKafkaDeserializer is not configured: set "
          + SCHEMA_REGISTRY_URL);
    }
    return wireFormat.deserialize(topic, data);
  }
}
