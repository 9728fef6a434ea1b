package com.bookiji.reservation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.archrules.BookijiArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The layers of reservation-service")
class ArchitectureTest {

  private static final String BASE_PACKAGE = "com.bookiji.reservation";

  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(BASE_PACKAGE);

  /** Stricter than the former local rule, which allowed any {@code java..} package. */
  static final ArchRule DOMAIN_AND_SAGA_ARE_PURE = BookijiArchitecture.domainIsPure(BASE_PACKAGE);

  static final ArchRule ADAPTERS_BEHIND_PORTS = BookijiArchitecture.applicationAndWebUseNoAdapterInternals(BASE_PACKAGE);

  static final ArchRule OUTBOX_WRITERS_ARE_PUBLISHERS = BookijiArchitecture.outboxWritersArePublisherAdapters(BASE_PACKAGE);

  @Test
  @DisplayName("domain and saga are plain Java: they use only java.lang, java.time, java.util and each other")
  void domainAndSagaArePlainJava() {
    DOMAIN_AND_SAGA_ARE_PURE.check(CLASSES);
  }

  @Test
  @DisplayName("application and web use no persistence or messaging class: they go through the application's ports")
  void adaptersStayBehindPorts() {
    ADAPTERS_BEHIND_PORTS.check(CLASSES);
  }

  @Test
  @DisplayName("messaging writes to the outbox only in Outbox<Port> classes behind the application's *Publisher ports")
  void outboxWritersArePublisherAdapters() {
    OUTBOX_WRITERS_ARE_PUBLISHERS.check(CLASSES);
  }

  @Test
  @DisplayName("every shared rule fails on the archfixture classes that break it (the rules are not vacuous)")
  void everySharedRuleCanFail() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(BASE_PACKAGE + ".domain.archfixture",
        BASE_PACKAGE + ".saga.archfixture", BASE_PACKAGE + ".application.archfixture", BASE_PACKAGE + ".web.archfixture",
        BASE_PACKAGE + ".messaging.archfixture");
    assertThatThrownBy(() -> DOMAIN_AND_SAGA_ARE_PURE.check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("java.sql.Connection").hasMessageContaining("java.io.FileWriter");
    assertThatThrownBy(() -> ADAPTERS_BEHIND_PORTS.check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("JdbcReservationStore").hasMessageContaining("JdbcIdempotencyStore");
    assertThatThrownBy(() -> OUTBOX_WRITERS_ARE_PUBLISHERS.check(fixtures))
        .isInstanceOf(AssertionError.class).hasMessageContaining("SagaOutboxWriter writes to the outbox");
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
