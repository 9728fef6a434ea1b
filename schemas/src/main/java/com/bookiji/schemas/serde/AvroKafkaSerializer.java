package com.bookiji.schemas.serde;

import com.bookiji.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} writing our generated records in Confluent wire format. Either built
 * with an {@link AvroWireFormat}, or by Kafka from its config with key {@value #SCHEMA_REGISTRY_URL}.
 */
public class AvroKafkaSerializer implements Serializer<SpecificRecord> {
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  private AvroWireFormat wireFormat;

  public AvroKafkaSerializer() {}

  public AvroKafkaSerializer(AvroWireFormat wireFormat) {
    this.wireFormat = wireFormat;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (wireFormat == null) {
      wireFormat = new AvroWireFormat(new SchemaRegistryClient(registryUrl(configs)));
    }
  }

  @Override
  public byte[] serialize(String topic, SpecificRecord data) {
    return configured().serialize(topic, data);
  }

  private AvroWireFormat configured() {
    if (wireFormat == null) {
      throw new IllegalStateException("AvroKafkaSerializer is not configured: set "
          + SCHEMA_REGISTRY_URL);
    }
    return wireFormat;
  }

  static String registryUrl(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new org.apache.kafka.common.config.ConfigException(SCHEMA_REGISTRY_URL
          + " is required for the Avro serde");
    }
    // Confluent allows a comma-separated list; we use the first.
    return url.toString().split(",")[0].trim();
  }
}
