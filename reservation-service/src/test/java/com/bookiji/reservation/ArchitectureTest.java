package com.bookiji.reservation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The layers of reservation-service")
class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.bookiji.reservation");

  @Test
  @DisplayName("domain and saga are plain Java: they use only java.* and each other")
  void domainAndSagaArePlainJava() {
    classes().that().resideInAnyPackage("com.bookiji.reservation.domain..", "com.bookiji.reservation.saga..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "com.bookiji.reservation.domain..", "com.bookiji.reservation.saga..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }

  @Test
  @DisplayName("the saga does not know about the web, messaging or persistence")
  void sagaIsNotCoupledToAdapters() {
    noClasses().that().resideInAnyPackage("com.bookiji.reservation.saga..", "com.bookiji.reservation.domain..",
            "com.bookiji.reservation.application..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("com.bookiji.reservation.web..", "com.bookiji.reservation.messaging..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }

  @Test
  @DisplayName("web does not talk to persistence or messaging directly")
  void webGoesThroughTheApplication() {
    noClasses().that().resideInAPackage("com.bookiji.reservation.web..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("com.bookiji.reservation.messaging..", "org.springframework.jdbc..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }
}
