package com.bookiji.payment;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.archrules.BookijiArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private static final String BASE_PACKAGE = "com.bookiji.payment";

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(BASE_PACKAGE);

  /** Stricter than the former local rule, which allowed any {@code java..} package. */
  static final ArchRule DOMAIN_IS_PURE = BookijiArchitecture.domainIsPure(BASE_PACKAGE);

  /** No named exception: the application reaches its tables through PaymentStore and ProcessedWebhooks. */
  static final ArchRule ADAPTERS_BEHIND_PORTS = BookijiArchitecture.applicationAndWebUseNoAdapterInternals(BASE_PACKAGE);

  static final ArchRule OUTBOX_WRITERS_ARE_PUBLISHERS = BookijiArchitecture.outboxWritersArePublisherAdapters(BASE_PACKAGE);

  @Test
  @DisplayName("a class that writes to the outbox is the Outbox<Port> adapter of an application Publisher port")
  void outboxWritersArePublisherAdapters() {
    OUTBOX_WRITERS_ARE_PUBLISHERS.check(CLASSES);
  }

  @Test
  @DisplayName("the domain is plain Java: it uses only java.lang, java.time, java.util and itself")
  void domainIsFrameworkFree() {
    DOMAIN_IS_PURE.check(CLASSES);
  }

  @Test
  @DisplayName("application and web use no persistence or messaging class")
  void adaptersStayBehindPorts() {
    ADAPTERS_BEHIND_PORTS.check(CLASSES);
  }

  @Test
  @DisplayName("every shared rule fails on the archfixture classes that break it (the rules are not vacuous)")
  void everySharedRuleCanFail() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(BASE_PACKAGE + ".domain.archfixture",
        BASE_PACKAGE + ".application.archfixture", BASE_PACKAGE + ".web.archfixture",
        BASE_PACKAGE + ".messaging.archfixture");
    assertThatThrownBy(() -> DOMAIN_IS_PURE.check(fixtures))
        .isInstanceOf(AssertionError.class).hasMessageContaining("java.sql.Connection");
    assertThatThrownBy(() -> ADAPTERS_BEHIND_PORTS.check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ApplicationLeak").hasMessageContaining("PaymentStore")
        .hasMessageContaining("WebLeak").hasMessageContaining("PaymentCommandHandler");
    assertThatThrownBy(() -> OUTBOX_WRITERS_ARE_PUBLISHERS.check(fixtures))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PaymentEvents");
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
