package com.bookiji.availability.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  // The module's own classes only: dependencies are checked by name, no jar is scanned.
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPath(Path.of("target", "classes"));

  @Test
  @DisplayName("the domain is plain Java: it depends on java.* and itself only (no Spring, Kafka, Avro, JDBC)")
  void domainIsPlainJava() {
    classes().that().resideInAPackage("com.bookiji.availability.domain..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("java.lang..", "java.time..", "java.util..",
            "com.bookiji.availability.domain..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }

  @Test
  @DisplayName("the domain names no framework: Spring, Kafka, Avro, Jakarta, JDBC, the contracts or the platform")
  void domainNamesNoFramework() {
    noClasses().that().resideInAPackage("com.bookiji.availability.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
            "org.apache.kafka..", "org.apache.avro..", "jakarta..", "java.sql..", "javax.sql..",
            "com.bookiji.schemas..", "com.bookiji.platform..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }

  @Test
  @DisplayName("only the messaging layer knows the Avro contracts")
  void contractsOnlyInMessaging() {
    noClasses().that().resideInAnyPackage("com.bookiji.availability.domain..",
            "com.bookiji.availability.application..", "com.bookiji.availability.web..",
            "com.bookiji.availability.persistence..")
        .should().dependOnClassesThat().resideInAnyPackage("com.bookiji.schemas..",
            "org.apache.avro..", "org.apache.kafka..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }

  @Test
  @DisplayName("the web layer does not reach into persistence SQL or messaging")
  void webUsesApplication() {
    noClasses().that().resideInAPackage("com.bookiji.availability.web..")
        .should().dependOnClassesThat().resideInAnyPackage("com.bookiji.availability.messaging..",
            "org.springframework.jdbc..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }
}
