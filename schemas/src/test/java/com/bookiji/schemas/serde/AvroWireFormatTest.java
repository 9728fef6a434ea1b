package com.bookiji.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the wire format decides without a registry. Round trips through the real registry server
 * are in {@code infrastructure/schema-registry} ({@code AvroWireFormatOverHttpTest}).
 */
class AvroWireFormatTest {
  private final AvroWireFormat wireFormat =
      new AvroWireFormat(new SchemaRegistryClient(unusedLocalUrl(), Duration.ofSeconds(2)));

  @Test
  @DisplayName("the subject is the topic plus the record's full name (TopicRecordNameStrategy)")
  void subjectName() {
    assertThat(AvroWireFormat.subjectName("availability.commands", HoldSlot.getClassSchema()))
        .isEqualTo("availability.commands-com.bookiji.schemas.availability.HoldSlot");
  }

  @Test
  @DisplayName("a payload shorter than the 5-byte header is rejected as too short")
  void tooShort() {
    assertThatThrownBy(() -> wireFormat.deserialize("t", new byte[] {0, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes, shorter than the 5-byte")
        .satisfies(e -> assertThat(((SerializationException) e).retriable()).isFalse());
  }

  @Test
  @DisplayName("a payload not starting with magic byte 0 is rejected naming the byte")
  void unknownMagicByte() {
    assertThatThrownBy(() -> wireFormat.deserialize("t", new byte[] {7, 0, 0, 0, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
        .hasMessageContaining("unknown magic byte 7");
  }

  @Test
  @DisplayName("the schema id is read from the header, and non-wire-format bytes are refused")
  void schemaIdOf() {
    assertThat(AvroWireFormat.schemaIdOf(new byte[] {0, 0, 0, 1, 2, 9})).isEqualTo(258);
    assertThatThrownBy(() -> AvroWireFormat.schemaIdOf(new byte[] {1, 0, 0, 1, 2}))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  @DisplayName("null stays null both ways, as Kafka tombstones need")
  void nulls() {
    assertThat(wireFormat.serialize("t", null)).isNull();
    assertThat(wireFormat.deserialize("t", null)).isNull();
  }

  @Test
  @DisplayName("an unreachable registry fails serialisation with a retriable error")
  void unreachableRegistry() {
    HoldSlot hold = HoldSlot.newBuilder().setReservationId("r-1").setSlotId("s-1")
        .setRequesterId("u-1").setHoldTtlSeconds(300).setOccurredAt(Instant.EPOCH).build();

    assertThatThrownBy(() -> wireFormat.serialize("availability.commands", hold))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("availability.commands-com.bookiji.schemas.availability.HoldSlot")
        .hasCauseInstanceOf(SchemaRegistryException.class)
        .satisfies(e -> assertThat(((SerializationException) e).retriable()).isTrue());
    assertThatThrownBy(() -> wireFormat.deserialize("t", new byte[] {0, 0, 0, 0, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .satisfies(e -> assertThat(((SerializationException) e).retriable()).isTrue());
  }

  @Test
  @DisplayName("the Kafka adapters need schema.registry.url and take the first of a list")
  void kafkaAdapterConfig() {
    try (AvroKafkaSerializer serializer = new AvroKafkaSerializer();
        AvroKafkaDeserializer deserializer = new AvroKafkaDeserializer()) {
      assertThatThrownBy(() -> serializer.configure(Map.of(), false))
          .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
      assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 1}))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");

      deserializer.configure(Map.of("schema.registry.url", "http://a:1, http://b:2"), false);
      assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {9, 0, 0, 0, 1}))
          .hasMessageContaining("unknown magic byte 9");
    }
  }

  private static String unusedLocalUrl() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
