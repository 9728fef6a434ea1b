package com.bookiji.platform.testkit;

import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroWireFormat;
import java.util.function.BiFunction;

/** Decodes Confluent-wire-format values with the schemas module's serde. */
final class AvroDecoder {

  private AvroDecoder() {}

  static BiFunction<String, byte[], Object> forRegistry(String registryUrl) {
    if (registryUrl == null) {
      return (topic, bytes) -> {
        throw new IllegalStateException("no schema registry: cannot decode " + topic);
      };
    }
    AvroWireFormat wireFormat = new AvroWireFormat(new SchemaRegistryClient(registryUrl));
    return wireFormat::deserialize;
  }
}
