package com.bookiji.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import com.bookiji.schemas.availability.SlotHoldRejected;
import com.bookiji.schemas.availability.SlotHoldRejectionReason;
import com.bookiji.schemas.payment.PaymentCaptured;
import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.serde.AvroKafkaDeserializer;
import com.bookiji.schemas.serde.AvroKafkaSerializer;
import com.bookiji.schemas.serde.AvroWireFormat;
import com.bookiji.schemas.serde.SerializationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Confluent wire format through the real registry server over HTTP. */
class AvroWireFormatOverHttpTest {
  private static final Instant AT = Instant.parse("2026-11-25T20:00:00.123Z");
  private static final String PAYMENT_EVENTS = Topic.PAYMENT_EVENTS.topicName();
  private static final String CAPTURED_SUBJECT =
      PAYMENT_EVENTS + "-com.bookiji.schemas.payment.PaymentCaptured";

  @TempDir Path dataDir;
  SchemaRegistryServer server;
  SchemaRegistryClient registry;
  AvroWireFormat producer;
  AvroWireFormat consumer;

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.start(0, dataDir);
    registry = new SchemaRegistryClient(server.url());
    // Two instances, as in two services: the consumer learns schemas only from the registry.
    producer = new AvroWireFormat(new SchemaRegistryClient(server.url()));
    consumer = new AvroWireFormat(new SchemaRegistryClient(server.url()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static HoldSlot holdSlot() {
    return HoldSlot.newBuilder().setReservationId("r-1").setSlotId("slot-9").setRequesterId("u-3")
        .setHoldTtlSeconds(600).setOccurredAt(AT).build();
  }

  static PaymentCaptured captured(String chargeId) {
    return PaymentCaptured.newBuilder().setReservationId("r-1").setPaymentIntentId("pi_1")
        .setAmountCapturedMinor(12_500).setCurrency("EUR").setChargeId(chargeId)
        .setOccurredAt(AT).build();
  }

  @Test
  @DisplayName("the deserializer needs no org.apache.avro.SERIALIZABLE_PACKAGES property")
  void noTrustedPackagesProperty() {
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
    assertThat(consumer.deserialize("t", producer.serialize("t", holdSlot()))).isEqualTo(holdSlot());
  }

  @Test
  @DisplayName("a command round-trips in Confluent wire format under its TopicRecordNameStrategy subject")
  void holdSlotRoundTrip() {
    byte[] bytes = producer.serialize(Topic.AVAILABILITY_COMMANDS.topicName(), holdSlot());

    int id = registry.lookUp("availability.commands-com.bookiji.schemas.availability.HoldSlot",
        HoldSlot.getClassSchema()).id();
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    SpecificRecord read = consumer.deserialize(Topic.AVAILABILITY_COMMANDS.topicName(), bytes);
    assertThat(read).isInstanceOf(HoldSlot.class).isEqualTo(holdSlot());
    assertThat(((HoldSlot) read).getOccurredAt()).isEqualTo(AT);
  }

  @Test
  @DisplayName("a nullable field round-trips both set and null, and repeated sends reuse one id and version")
  void nullableField() {
    byte[] withCharge = producer.serialize(PAYMENT_EVENTS, captured("ch_1"));
    byte[] withoutCharge = producer.serialize(PAYMENT_EVENTS, captured(null));

    assertThat(consumer.deserialize(PAYMENT_EVENTS, withCharge)).isEqualTo(captured("ch_1"));
    assertThat(consumer.deserialize(PAYMENT_EVENTS, withoutCharge)).isEqualTo(captured(null));
    assertThat(ByteBuffer.wrap(withCharge, 1, 4).getInt())
        .isEqualTo(ByteBuffer.wrap(withoutCharge, 1, 4).getInt());
    assertThat(registry.versions(CAPTURED_SUBJECT)).containsExactly(1);
  }

  @Test
  @DisplayName("an enum field round-trips")
  void enumField() {
    SlotHoldRejected rejected = SlotHoldRejected.newBuilder().setReservationId("r-1")
        .setSlotId("slot-9").setReason(SlotHoldRejectionReason.SLOT_BLOCKED).setDetail(null)
        .setOccurredAt(AT).build();

    SpecificRecord read = consumer.deserialize("availability.events",
        producer.serialize("availability.events", rejected));

    assertThat(read).isEqualTo(rejected);
    assertThat(((SlotHoldRejected) read).getReason()).isEqualTo(SlotHoldRejectionReason.SLOT_BLOCKED);
  }

  @Test
  @DisplayName("data written with an older schema (no chargeId yet) is read by the current class with the default")
  void oldWriterNewReader() throws IOException {
    Schema old = withoutField(PaymentCaptured.getClassSchema(), "chargeId");
    int oldId = registry.register(CAPTURED_SUBJECT, old);
    GenericRecord written = new GenericData.Record(old);
    written.put("reservationId", "r-1");
    written.put("paymentIntentId", "pi_1");
    written.put("amountCapturedMinor", 12_500L);
    written.put("currency", "EUR");
    written.put("occurredAt", AT.toEpochMilli());

    SpecificRecord read = consumer.deserialize(PAYMENT_EVENTS, wire(oldId, old, written));

    assertThat(read).isEqualTo(captured(null));
    // And the current schema is accepted as the subject's next (BACKWARD compatible) version.
    producer.serialize(PAYMENT_EVENTS, captured("ch_2"));
    assertThat(registry.versions(CAPTURED_SUBJECT)).containsExactly(1, 2);
  }

  @Test
  @DisplayName("data written with a newer schema (an extra field with a default) is read by the current class")
  void newWriterOldReader() throws IOException {
    producer.serialize(PAYMENT_EVENTS, captured("ch_1"));
    Schema newer = withExtraLongField(PaymentCaptured.getClassSchema(), "tipMinor");
    int newerId = registry.register(CAPTURED_SUBJECT, newer);
    GenericRecord written = new GenericData.Record(newer);
    written.put("reservationId", "r-1");
    written.put("paymentIntentId", "pi_1");
    written.put("amountCapturedMinor", 12_500L);
    written.put("currency", "EUR");
    written.put("chargeId", "ch_1");
    written.put("occurredAt", AT.toEpochMilli());
    written.put("tipMinor", 300L);

    assertThat(consumer.deserialize(PAYMENT_EVENTS, wire(newerId, newer, written)))
        .isEqualTo(captured("ch_1"));
  }

  @Test
  @DisplayName("an id the registry does not know fails clearly and is not retriable")
  void unknownId() {
    byte[] bytes = {0, 0, 0, 0x10, 0x42, 2, 'x'};

    assertThatThrownBy(() -> consumer.deserialize(PAYMENT_EVENTS, bytes))
        .isInstanceOfSatisfying(SerializationException.class,
            e -> assertThat(e.retriable()).isFalse())
        .hasMessageContaining("unknown schema id 4162");
  }

  @Test
  @DisplayName("a writer record with no generated class fails naming the record")
  void noGeneratedClass() throws IOException {
    Schema stranger = RegistryFixture.REFUNDED;
    int id = registry.register("t-t.Refunded", stranger);
    GenericRecord written = new GenericData.Record(stranger);
    written.put("reservationId", "r-1");

    assertThatThrownBy(() -> consumer.deserialize("t", wire(id, stranger, written)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no generated Avro class for record t.Refunded");
  }

  @Test
  @DisplayName("truncated Avro after a valid header fails as a serialization error")
  void truncatedBody() {
    byte[] bytes = producer.serialize(PAYMENT_EVENTS, captured("ch_1"));
    byte[] truncated = java.util.Arrays.copyOf(bytes, 9);

    assertThatThrownBy(() -> consumer.deserialize(PAYMENT_EVENTS, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("PaymentCaptured");
  }

  @Test
  @DisplayName("the Kafka adapters configured with schema.registry.url round-trip a record")
  void kafkaAdapters() {
    try (AvroKafkaSerializer serializer = new AvroKafkaSerializer();
        AvroKafkaDeserializer deserializer = new AvroKafkaDeserializer()) {
      serializer.configure(Map.of("schema.registry.url", server.url()), false);
      deserializer.configure(Map.of("schema.registry.url", server.url()), false);

      byte[] bytes = serializer.serialize(PAYMENT_EVENTS, captured("ch_1"));

      assertThat(deserializer.deserialize(PAYMENT_EVENTS, bytes)).isEqualTo(captured("ch_1"));
      assertThat(serializer.serialize(PAYMENT_EVENTS, null)).isNull();
    }
  }

  private static byte[] wire(int id, Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static Schema withoutField(Schema schema, String field) {
    Schema copy = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false);
    copy.setFields(schema.getFields().stream().filter(f -> !f.name().equals(field))
        .map(f -> new Schema.Field(f, f.schema())).toList());
    return copy;
  }

  private static Schema withExtraLongField(Schema schema, String field) {
    Schema copy = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false);
    java.util.List<Schema.Field> fields = new java.util.ArrayList<>(schema.getFields().stream()
        .map(f -> new Schema.Field(f, f.schema())).toList());
    fields.add(new Schema.Field(field, Schema.create(Schema.Type.LONG), null, 0L));
    copy.setFields(fields);
    return copy;
  }
}
