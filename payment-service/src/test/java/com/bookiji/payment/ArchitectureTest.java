package com.bookiji.payment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.bookiji.payment");

  @Test
  @DisplayName("the domain is plain Java: it uses only java.* and itself")
  void domainIsFrameworkFree() {
    classes().that().resideInAPackage("com.bookiji.payment.domain..")
        .should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "com.bookiji.payment.domain..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }

  @Test
  @DisplayName("only the stripe package talks to stripe-java's API client")
  void stripeClientStaysInGateway() {
    noClasses().that().resideInAnyPackage("com.bookiji.payment.domain..",
            "com.bookiji.payment.application..", "com.bookiji.payment.messaging..",
            "com.bookiji.payment.persistence..")
        .should().dependOnClassesThat().resideInAPackage("com.stripe..")
        .allowEmptyShould(false)
        .check(CLASSES);
  }
}
