package com.bookiji.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.schemas.registry.CompatibilityLevel;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityCheckerTest {
  private static final Schema V1 = schema("""
      {"type":"record","name":"Paid","namespace":"t","fields":[
        {"name":"reservationId","type":"string"},
        {"name":"amountMinor","type":"long"}]}""");

  @Test
  @DisplayName("a field added without a default is rejected, naming the field and its position")
  void fieldWithoutDefault() {
    Schema v2 = schema("""
        {"type":"record","name":"Paid","namespace":"t","fields":[
          {"name":"reservationId","type":"string"},
          {"name":"amountMinor","type":"long"},
          {"name":"currency","type":"string"}]}""");

    assertThat(SchemaCompatibilityChecker.backwardProblems(v2, V1))
        .containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE@/fields/2:currency");
  }

  @Test
  @DisplayName("changing a field's type to one Avro cannot promote is rejected")
  void typeChange() {
    Schema v2 = schema("""
        {"type":"record","name":"Paid","namespace":"t","fields":[
          {"name":"reservationId","type":"string"},
          {"name":"amountMinor","type":"string"}]}""");

    assertThat(SchemaCompatibilityChecker.backwardProblems(v2, V1))
        .singleElement().asString().startsWith("TYPE_MISMATCH@/fields/1/type");
  }

  @Test
  @DisplayName("a field added with a default, a nullable field and a widened int are compatible")
  void compatibleChanges() {
    Schema v2 = schema("""
        {"type":"record","name":"Paid","namespace":"t","fields":[
          {"name":"reservationId","type":"string"},
          {"name":"amountMinor","type":"long"},
          {"name":"currency","type":"string","default":"EUR"},
          {"name":"chargeId","type":["null","string"],"default":null}]}""");

    assertThat(SchemaCompatibilityChecker.backwardProblems(v2, V1)).isEmpty();
  }

  @Test
  @DisplayName("removing a field is backward but not forward compatible when it has no default")
  void removingAField() {
    Schema v2 = schema("""
        {"type":"record","name":"Paid","namespace":"t","fields":[
          {"name":"reservationId","type":"string"}]}""");

    assertThat(SchemaCompatibilityChecker.check(CompatibilityLevel.BACKWARD, v2, List.of(V1))).isEmpty();
    assertThat(SchemaCompatibilityChecker.check(CompatibilityLevel.FORWARD, v2, List.of(V1)))
        .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("amountMinor").contains("cannot read data written with the new schema");
    assertThat(SchemaCompatibilityChecker.check(CompatibilityLevel.FULL, v2, List.of(V1))).hasSize(1);
    assertThat(SchemaCompatibilityChecker.check(CompatibilityLevel.NONE, v2, List.of(V1))).isEmpty();
  }

  @Test
  @DisplayName("transitive levels check every earlier version, plain levels only the latest")
  void transitive() {
    Schema v2 = schema("""
        {"type":"record","name":"Paid","namespace":"t","fields":[
          {"name":"reservationId","type":"string"}]}""");
    Schema v3 = schema("""
        {"type":"record","name":"Paid","namespace":"t","fields":[
          {"name":"reservationId","type":"string"},
          {"name":"amountMinor","type":"int","default":0}]}""");

    assertThat(SchemaCompatibilityChecker.check(CompatibilityLevel.BACKWARD, v3, List.of(V1, v2)))
        .isEmpty();
    assertThat(SchemaCompatibilityChecker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, v3,
        List.of(V1, v2), List.of("version 1", "version 2")))
        .singleElement().asString().startsWith("TYPE_MISMATCH@/fields/1/type")
        .contains("cannot read data written with version 1");
  }

  private static Schema schema(String json) {
    return new Schema.Parser().parse(json);
  }
}
