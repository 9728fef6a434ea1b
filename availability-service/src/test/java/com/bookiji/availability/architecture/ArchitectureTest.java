package com.bookiji.availability.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.availability.application.archfixture.ApplicationLeak;
import com.bookiji.availability.domain.archfixture.DomainLeak;
import com.bookiji.availability.web.archfixture.WebLeak;
import com.bookiji.platform.archrules.BookijiArchitecture;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  // The module's own classes only: dependencies are checked by name, no jar is scanned.
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPath(Path.of("target", "classes"));

  static final ArchRule DOMAIN_IS_PLAIN_JAVA = classes()
      .that().resideInAPackage("com.bookiji.availability.domain..")
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("java.lang..", "java.time..", "java.util..",
          "com.bookiji.availability.domain..")
      .allowEmptyShould(false);

  static final ArchRule DOMAIN_NAMES_NO_FRAMEWORK = noClasses()
      .that().resideInAPackage("com.bookiji.availability.domain..")
      .should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
          "org.apache.kafka..", "org.apache.avro..", "jakarta..", "java.sql..", "javax.sql..",
          "com.bookiji.schemas..", "com.bookiji.platform..")
      .allowEmptyShould(false);

  static final ArchRule CONTRACTS_ONLY_IN_MESSAGING = noClasses()
      .that().resideInAnyPackage("com.bookiji.availability.domain..",
          "com.bookiji.availability.application..", "com.bookiji.availability.web..",
          "com.bookiji.availability.persistence..")
      .should().dependOnClassesThat().resideInAnyPackage("com.bookiji.schemas..",
          "org.apache.avro..", "org.apache.kafka..")
      .allowEmptyShould(false);

  static final ArchRule WEB_USES_APPLICATION = noClasses()
      .that().resideInAPackage("com.bookiji.availability.web..")
      .should().dependOnClassesThat().resideInAnyPackage("com.bookiji.availability.messaging..",
          "org.springframework.jdbc..")
      .allowEmptyShould(false);

  static final String BASE_PACKAGE = "com.bookiji.availability";

  static final ArchRule SHARED_DOMAIN_IS_PURE = BookijiArchitecture.domainIsPure(BASE_PACKAGE);

  // No exceptions: application and web reach storage only through the ports in application
  // (SlotStore, HoldStore, BookingStore, HoldRequestStore), which persistence implements.
  static final ArchRule SHARED_ADAPTERS_BEHIND_PORTS = BookijiArchitecture.applicationAndWebUseNoAdapterInternals(BASE_PACKAGE);

  static final ArchRule SHARED_OUTBOX_WRITERS_ARE_PUBLISHERS = BookijiArchitecture.outboxWritersArePublisherAdapters(BASE_PACKAGE);

  @Test
  @DisplayName("the shared rules hold: a pure domain, application and web use no persistence or messaging, outbox writers are Outbox<Port> publishers")
  void sharedRulesHold() {
    SHARED_DOMAIN_IS_PURE.check(CLASSES);
    SHARED_ADAPTERS_BEHIND_PORTS.check(CLASSES);
    SHARED_OUTBOX_WRITERS_ARE_PUBLISHERS.check(CLASSES);
  }

  @Test
  @DisplayName("every shared rule fails on the archfixture classes that break it (the rules are not vacuous)")
  void everySharedRuleCanFail() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(BASE_PACKAGE + ".domain.archfixture",
        BASE_PACKAGE + ".application.archfixture", BASE_PACKAGE + ".web.archfixture",
        BASE_PACKAGE + ".messaging.archfixture");
    assertThatThrownBy(() -> SHARED_DOMAIN_IS_PURE.check(fixtures))
        .isInstanceOf(AssertionError.class).hasMessageContaining("java.sql.Connection");
    assertThatThrownBy(() -> SHARED_ADAPTERS_BEHIND_PORTS.check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ApplicationPersistenceLeak").hasMessageContaining("HoldRepository")
        .hasMessageContaining("WebLeak").hasMessageContaining("AvailabilityCommandHandler");
    assertThatThrownBy(() -> SHARED_OUTBOX_WRITERS_ARE_PUBLISHERS.check(fixtures))
        .isInstanceOf(AssertionError.class).hasMessageContaining("AvailabilityEvents writes to the outbox");
  }

  @Test
  @DisplayName("the domain is plain Java: it depends on java.* and itself only (no Spring, Kafka, Avro, JDBC)")
  void domainIsPlainJava() {
    DOMAIN_IS_PLAIN_JAVA.check(CLASSES);
  }

  @Test
  @DisplayName("the domain names no framework: Spring, Kafka, Avro, Jakarta, JDBC, the contracts or the platform")
  void domainNamesNoFramework() {
    DOMAIN_NAMES_NO_FRAMEWORK.check(CLASSES);
  }

  @Test
  @DisplayName("only the messaging layer knows the Avro contracts")
  void contractsOnlyInMessaging() {
    CONTRACTS_ONLY_IN_MESSAGING.check(CLASSES);
  }

  @Test
  @DisplayName("the web layer does not reach into persistence SQL or messaging")
  void webUsesApplication() {
    WEB_USES_APPLICATION.check(CLASSES);
  }

  @Test
  @DisplayName("every rule fails on a class that breaks it (the rules are not vacuous)")
  void everyRuleCanFail() {
    JavaClasses domainLeak = new ClassFileImporter().importClasses(DomainLeak.class);
    assertThatThrownBy(() -> DOMAIN_IS_PLAIN_JAVA.check(domainLeak))
        .isInstanceOf(AssertionError.class).hasMessageContaining("ApplicationContext");
    assertThatThrownBy(() -> DOMAIN_NAMES_NO_FRAMEWORK.check(domainLeak))
        .isInstanceOf(AssertionError.class).hasMessageContaining("java.sql.Connection");
    JavaClasses applicationLeak = new ClassFileImporter().importClasses(ApplicationLeak.class);
    assertThatThrownBy(() -> CONTRACTS_ONLY_IN_MESSAGING.check(applicationLeak))
        .isInstanceOf(AssertionError.class).hasMessageContaining("SlotHeld");
    JavaClasses webLeak = new ClassFileImporter().importClasses(WebLeak.class);
    assertThatThrownBy(() -> WEB_USES_APPLICATION.check(webLeak))
        .isInstanceOf(AssertionError.class).hasMessageContaining("AvailabilityCommandHandler")
        .hasMessageContaining("JdbcTemplate");
  }
}
