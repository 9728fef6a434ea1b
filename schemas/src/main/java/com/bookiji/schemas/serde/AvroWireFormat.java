package com.bookiji.schemas.serde;

import com.bookiji.schemas.registry.SchemaRegistryClient;
import com.bookiji.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Confluent wire format for our generated records: magic byte {@code 0}, the writer schema's
 * registry id as 4 bytes big-endian, then the Avro binary encoding.
 *
 * <p>Subjects follow Confluent's TopicRecordNameStrategy, {@code <topic>-<record full name>}, so a
 * topic may carry several record types, each evolving on its own. On read, the writer schema comes
 * from the registry by id and the reader is the generated class with the writer's full name, so
 * Avro schema resolution bridges old writers and new readers. Thread-safe.
 */
public final class AvroWireFormat {
  public static final byte MAGIC_BYTE = 0x0;
  public static final int HEADER_LENGTH = 5;

  static {
    AvroClassTrust.install();
  }

  private final SchemaRegistryClient registry;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Schema, SpecificDatumWriter<SpecificRecord>> writers = new ConcurrentHashMap<>();
  private final Map<Integer, SpecificDatumReader<SpecificRecord>> readersById = new ConcurrentHashMap<>();

  public AvroWireFormat(SchemaRegistryClient registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  public SchemaRegistryClient registry() { return registry; }

  /** Confluent's TopicRecordNameStrategy. */
  public static String subjectName(String topic, Schema recordSchema) {
    return topic + "-" + recordSchema.getFullName();
  }

  /** The registry id in a wire-format payload's header (for logs and dead-letter headers). */
  public static int schemaIdOf(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != MAGIC_BYTE) {
      throw new SerializationException("not a Confluent wire-format payload");
    }
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }

  /** Serialises the record, registering its schema under {@code <topic>-<full name>} once. */
  public byte[] serialize(String topic, SpecificRecord record) {
    if (record == null) {
      return null;
    }
    Schema schema = record.getSchema();
    int id = schemaId(topic, schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, modelOf(record.getClass())))
          .write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot serialise " + schema.getFullName() + " for topic "
          + topic + ": " + e.getMessage(), e, false);
    }
    return out.toByteArray();
  }

  /** Reads wire-format bytes into the generated class of the writer's record type. */
  public SpecificRecord deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length < HEADER_LENGTH) {
      throw new SerializationException("payload on topic " + topic + " is " + bytes.length
          + " bytes, shorter than the " + HEADER_LENGTH + "-byte Confluent wire-format header");
    }
    if (bytes[0] != MAGIC_BYTE) {
      throw new SerializationException("unknown magic byte " + bytes[0] + " on topic " + topic
          + " (expected " + MAGIC_BYTE + ": Confluent wire format)");
    }
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    SpecificDatumReader<SpecificRecord> reader = readersById.get(id);
    if (reader == null) {
      // Fetched outside computeIfAbsent: a registry round trip must not block the map.
      reader = newReader(topic, id);
      SpecificDatumReader<SpecificRecord> raced = readersById.putIfAbsent(id, reader);
      reader = raced != null ? raced : reader;
    }
    try {
      BinaryDecoder decoder = DecoderFactory.get()
          .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot read " + reader.getSchema().getFullName()
          + " (schema id " + id + ") on topic " + topic + ": " + e, e, false);
    }
  }

  private int schemaId(String topic, Schema schema) {
    SubjectSchema key = new SubjectSchema(subjectName(topic, schema), schema);
    Integer id = idsBySubjectSchema.get(key);
    if (id != null) {
      return id;
    }
    try {
      id = registry.register(key.subject(), schema);
    } catch (SchemaRegistryException e) {
      throw new SerializationException("cannot register schema of " + schema.getFullName()
          + " under subject " + key.subject() + ": " + e.getMessage(), e, e.retriable());
    }
    idsBySubjectSchema.putIfAbsent(key, id);
    return id;
  }

  private SpecificDatumReader<SpecificRecord> newReader(String topic, int id) {
    Schema writer;
    try {
      writer = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw new SerializationException("unknown schema id " + id + " on topic " + topic
            + ": the registry at " + registry.baseUrl() + " does not have it", e, false);
      }
      throw new SerializationException("cannot fetch schema id " + id + " for topic " + topic
          + ": " + e.getMessage(), e, e.retriable());
    }
    if (writer.getType() != Schema.Type.RECORD) {
      throw new SerializationException("schema id " + id + " on topic " + topic + " is a "
          + writer.getType() + ", not a record");
    }
    Class<? extends SpecificRecord> readerClass = generatedClass(writer.getFullName());
    Schema readerSchema = SpecificData.get().getSchema(readerClass);
    return new SpecificDatumReader<>(writer, readerSchema, modelOf(readerClass));
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends SpecificRecord> generatedClass(String fullName) {
    Class<?> type = null;
    for (ClassLoader loader : new ClassLoader[] {
        AvroWireFormat.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
      if (loader == null) {
        continue;
      }
      try {
        type = Class.forName(fullName, true, loader);
        break;
      } catch (ClassNotFoundException e) {
        // try the next loader
      }
    }
    if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
      throw new SerializationException("no generated Avro class for record " + fullName
          + " on the classpath");
    }
    return (Class<? extends SpecificRecord>) type;
  }

  /** The generated class's own model carries its logical-type conversions (e.g. Instant). */
  private static SpecificData modelOf(Class<?> generatedClass) {
    try {
      return SpecificData.getForClass(generatedClass);
    } catch (AvroRuntimeException e) {
      return SpecificData.get();
    }
  }

  private record SubjectSchema(String subject, Schema schema) {}
}
