package com.bookiji.schemas.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** The module's {@code .avsc} files and how to parse one version of a file. */
final class SchemaFiles {
  static final Path AVRO_DIR = Path.of("src/main/avro");

  private SchemaFiles() {}

  static List<Path> all() {
    try (Stream<Path> files = Files.walk(AVRO_DIR)) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses schema text that may refer to shared named types (e.g. {@code PaymentFailureReason}),
   * which the Maven plugin imports from their own files first.
   */
  static Schema parse(String json, Collection<Schema> sharedTypes) {
    Schema.Parser parser = new Schema.Parser();
    String ownName = fullNameOf(json);
    List<Schema> known = new ArrayList<>();
    for (Schema shared : sharedTypes) {
      if (!shared.getFullName().equals(ownName)) {
        known.add(shared);
      }
    }
    parser.addTypes(known);
    return parser.parse(json);
  }

  /** Top-level named types that other files refer to: every file that is not a record. */
  static List<Schema> sharedTypes() {
    List<Schema> shared = new ArrayList<>();
    for (Path file : all()) {
      Schema schema = parseAlone(read(file));
      if (schema != null && schema.getType() != Schema.Type.RECORD) {
        shared.add(schema);
      }
    }
    return shared;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema parseAlone(String json) {
    try {
      return new Schema.Parser().parse(json);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String fullNameOf(String json) {
    Schema alone = parseAlone(json);
    return alone == null ? "" : alone.getFullName();
  }
}
