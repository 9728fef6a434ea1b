package com.bookiji.reconciler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the reconciler's layers")
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("com.bookiji.reconciler");
  }

  @Test
  @DisplayName("the domain uses plain Java and itself only")
  void domainIsPlainJava() {
    classes().that().resideInAPackage("..reconciler.domain..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..reconciler.domain..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  @DisplayName("the application layer knows nothing of Kafka, Avro, JDBC or the web")
  void applicationIsFreeOfAdapters() {
    noClasses().that().resideInAPackage("..reconciler.application..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.kafka..", "org.apache.avro..", "java.sql..", "org.springframework.jdbc..",
            "org.springframework.web..", "..reconciler.web..", "..reconciler.messaging..", "..reconciler.persistence..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  @DisplayName("adapters do not call each other")
  void adaptersAreIndependent() {
    noClasses().that().resideInAnyPackage("..reconciler.web..", "..reconciler.persistence..")
        .should().dependOnClassesThat().resideInAPackage("..reconciler.messaging..")
        .allowEmptyShould(false)
        .check(classes);
    noClasses().that().resideInAnyPackage("..reconciler.web..", "..reconciler.messaging..")
        .should().dependOnClassesThat().resideInAPackage("..reconciler.persistence..")
        .allowEmptyShould(false)
        .check(classes);
  }
}
