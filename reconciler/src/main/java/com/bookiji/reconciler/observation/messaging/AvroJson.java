package com.bookiji.reconciler.observation.messaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Avro's JSON encoding of a record (the specification's, so it decodes back with the schema: a
 * nullable field reads {@code {"string": "x"}}, a timestamp is epoch milliseconds), spaced the way
 * PostgreSQL prints {@code jsonb} ({@code "key": value, ...}).
 */
public final class AvroJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AvroJson() {}

  public static String encode(SpecificRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(record.getSchema(), out);
      new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
      encoder.flush();
      return canonical(JSON.readTree(out.toString(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot JSON-encode " + record.getSchema().getFullName(), e);
    }
  }

  /** The record back from its JSON encoding, read with its own class's schema. */
  public static <T extends SpecificRecord> T decode(String json, Class<T> type) {
    try {
      T empty = type.getDeclaredConstructor().newInstance();
      DatumReader<T> reader = new SpecificDatumReader<>(empty.getSchema());
      return reader.read(null, DecoderFactory.get().jsonDecoder(empty.getSchema(), json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + type.getName() + " from JSON", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type + " is not a generated Avro record", e);
    }
  }

  private static String canonical(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      String separator = "";
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        out.append(separator).append(JSON.writeValueAsString(field.getKey())).append(": ");
        write(field.getValue(), out);
        separator = ", ";
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      String separator = "";
      for (JsonNode element : node) {
        out.append(separator);
        write(element, out);
        separator = ", ";
      }
      out.append(']');
    } else {
      out.append(JSON.writeValueAsString(node));
    }
  }
}
