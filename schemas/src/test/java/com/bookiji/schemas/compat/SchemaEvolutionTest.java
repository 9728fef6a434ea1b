package com.bookiji.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's guard on the contracts: every {@code .avsc} as it is now must read every committed
 * earlier version of itself. An incompatible edit fails {@code ./mvnw verify} here, naming the
 * schema and the field.
 */
class SchemaEvolutionTest {

  @Test
  @DisplayName("every schema can read data written with each of its committed earlier versions")
  void everySchemaIsBackwardCompatibleWithItsHistory() {
    List<Schema> shared = SchemaFiles.sharedTypes();
    AvscHistoryCheck.Outcome outcome = new AvscHistoryCheck(Path.of("."),
        text -> SchemaFiles.parse(text, shared)).check(SchemaFiles.all());

    outcome.notes().forEach(n -> System.out.println("[schema evolution] " + n));
    Assumptions.assumeTrue(outcome.skipped().isEmpty(),
        () -> "[schema evolution] check skipped: " + outcome.skipped().orElseThrow());
    System.out.println("[schema evolution] checked " + SchemaFiles.all().size() + " schemas against "
        + outcome.versionsChecked() + " committed versions");
    assertThat(outcome.findings())
        .as("incompatible schema changes (make new fields optional with a default, never change a"
            + " field's type, see schemas/README.md)")
        .isEmpty();
  }

  @Test
  @DisplayName("the history check catches an incompatible edit of a committed schema and accepts a compatible one")
  void historyCheckCatchesIncompatibleEdits(@TempDir Path repo) throws IOException {
    Assumptions.assumeTrue(AvscHistoryCheck.git(repo, "init", "-q").ok(), "git not available");
    Path file = repo.resolve("Paid.avsc");
    write(file, "");
    commit(repo, "v1");
    write(file, ",{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}");
    commit(repo, "v2: compatible, field with a default");
    AvscHistoryCheck check = new AvscHistoryCheck(repo, text -> new Schema.Parser().parse(text));

    assertThat(check.check(List.of(Path.of("Paid.avsc"))).findings()).isEmpty();

    write(file, ",{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}"
        + ",{\"name\":\"chargeId\",\"type\":\"string\"}");
    AvscHistoryCheck.Outcome outcome = check.check(List.of(Path.of("Paid.avsc")));

    assertThat(outcome.versionsChecked()).isEqualTo(2);
    assertThat(outcome.findings()).hasSize(2).allSatisfy(f -> assertThat(f.toString())
        .contains("Paid.avsc").contains("t.Paid")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE@/fields/3:chargeId"));
  }

  private static void write(Path file, String extraFields) throws IOException {
    Files.writeString(file, """
        {"type":"record","name":"Paid","namespace":"t","fields":[
          {"name":"reservationId","type":"string"},
          {"name":"amountMinor","type":"long"}%s]}""".formatted(extraFields));
  }

  private static void commit(Path repo, String message) {
    assertThat(AvscHistoryCheck.git(repo, "add", "Paid.avsc").ok()).isTrue();
    assertThat(AvscHistoryCheck.git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com",
        "commit", "-q", "-m", message).ok()).isTrue();
  }
}
