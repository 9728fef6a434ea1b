package com.bookiji.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaCatalogueTest {
  private static final Path AVRO_DIR = Path.of("src/main/avro");
  private static final Map<String, Schema> SCHEMAS_BY_NAME = new HashMap<>();

  @BeforeAll
  static void parseAllFiles() throws IOException {
    // Shared named types first, as the Maven plugin imports them.
    Schema.Parser parser = new Schema.Parser();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(AVRO_DIR)) {
      files = walk.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    }
    for (Path file : files.stream().filter(f -> !isRecordFile(f)).toList()) {
      Schema s = parser.parse(file.toFile());
      SCHEMAS_BY_NAME.put(s.getFullName(), s);
    }
    for (Path file : files.stream().filter(SchemaCatalogueTest::isRecordFile).toList()) {
      Schema s = parser.parse(file.toFile());
      SCHEMAS_BY_NAME.put(s.getFullName(), s);
    }
  }

  private static boolean isRecordFile(Path file) {
    try {
      return Files.readString(file).replaceAll("\\s", "").contains("\"type\":\"record\"");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("every .avsc parses and lives in the folder of its namespace")
  void everyFileParses() throws IOException {
    try (Stream<Path> walk = Files.walk(AVRO_DIR)) {
      walk.filter(f -> f.toString().endsWith(".avsc")).forEach(file -> {
        String area = file.getParent().getFileName().toString();
        String name = file.getFileName().toString().replace(".avsc", "");
        assertThat(SCHEMAS_BY_NAME).as(file.toString())
            .containsKey("com.bookiji.schemas." + area + "." + name);
      });
    }
  }

  @Test
  @DisplayName("every schema file has a generated class whose schema is the file's schema")
  void everySchemaHasItsGeneratedClass() {
    SCHEMAS_BY_NAME.forEach((name, schema) -> {
      Class<?> generated;
      try {
        generated = Class.forName(name);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("no generated class for " + name, e);
      }
      // The generator marks strings as java.lang.String; otherwise the schemas must be identical.
      String generatedSchema = SpecificData.get().getSchema(generated).toString()
          .replace("{\"type\":\"string\",\"avro.java.string\":\"String\"}", "\"string\"");
      assertThat(generatedSchema).as(name).isEqualTo(schema.toString());
    });
  }

  @Test
  @DisplayName("every record in the topic catalogue has a schema file, and every record schema is on a topic")
  void catalogueAndSchemasAgree() {
    List<Class<? extends SpecificRecord>> carried = Arrays.stream(Topic.values())
        .flatMap(t -> t.valueTypes().stream()).toList();
    assertThat(carried).doesNotHaveDuplicates();
    for (Class<? extends SpecificRecord> type : carried) {
      assertThat(SCHEMAS_BY_NAME).as("schema file for " + type.getName()).containsKey(type.getName());
      assertThatCode(() -> Topic.carrying(type)).doesNotThrowAnyException();
    }
    SCHEMAS_BY_NAME.values().stream().filter(s -> s.getType() == Schema.Type.RECORD)
        .forEach(s -> assertThat(carried.stream().map(Class::getName))
            .as("a topic carrying " + s.getFullName()).contains(s.getFullName()));
  }

  @Test
  @DisplayName("topic names are unique and each has a dead-letter twin")
  void topicNames() {
    assertThat(Arrays.stream(Topic.values()).map(Topic::topicName)).doesNotHaveDuplicates();
    for (Topic topic : Topic.values()) {
      assertThat(Topic.byName(topic.topicName())).contains(topic);
      assertThat(topic.deadLetterTopicName()).isEqualTo(topic.topicName() + "-dlt");
      assertThat(topic.partitions()).isPositive();
    }
  }

  @Test
  @DisplayName("every record on a topic carries the field its key is taken from")
  void keyFieldOnEveryRecord() {
    for (Topic topic : Topic.values()) {
      for (Class<? extends SpecificRecord> type : topic.valueTypes()) {
        Schema schema = SpecificData.get().getSchema(type);
        assertThat(schema.getField(topic.key().fieldName()))
            .as(type.getSimpleName() + " on " + topic.topicName() + " is keyed by " + topic.key().fieldName())
            .isNotNull();
      }
    }
  }
}
