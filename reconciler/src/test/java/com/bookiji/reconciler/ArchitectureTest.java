package com.bookiji.reconciler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.archrules.BookijiArchitecture;
import com.bookiji.reconciler.invariants.domain.InvariantCheck;
import com.bookiji.reconciler.invariants.domain.archfixture.ImpureCheck;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the reconciler's layers")
class ArchitectureTest {

  private static final String BASE_PACKAGE = "com.bookiji.reconciler";

  private static JavaClasses classes;

  /** Stricter than the former local rule, which allowed any {@code java..} package. */
  static final ArchRule DOMAIN_IS_PURE = BookijiArchitecture.domainIsPure(BASE_PACKAGE);

  static final ArchRule ADAPTERS_BEHIND_PORTS = BookijiArchitecture.applicationAndWebUseNoAdapterInternals(BASE_PACKAGE);

  static final ArchRule OUTBOX_WRITERS_ARE_PUBLISHERS = BookijiArchitecture.outboxWritersArePublisherAdapters(BASE_PACKAGE);

  /** Every feature, not only the console and the reports (newFeaturesUseOthersThroughPorts keeps its own check). */
  static final ArchRule FEATURES_MEET_THROUGH_PORTS = BookijiArchitecture.featuresMeetOnlyThroughDomainAndApplication(BASE_PACKAGE);

  /** A check sees time only as the {@code now} it is given. */
  static final ArchRule CHECKS_READ_NO_CLOCK = noClasses()
      .that().implement(InvariantCheck.class)
      .should().callMethod(Instant.class, "now")
      .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
      .allowEmptyShould(false);

  /** A check keeps nothing between runs: every field is final and set at construction. */
  static final ArchRule CHECKS_KEEP_NO_STATE = fields()
      .that().areDeclaredInClassesThat().implement(InvariantCheck.class)
      .should().beFinal()
      .allowEmptyShould(false);

  /** A check does no I/O and names no framework: plain Java, the domain, and nothing else. */
  static final ArchRule CHECKS_DO_NO_IO = classes()
      .that().implement(InvariantCheck.class)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.time", "java.util..",
          "..reconciler.*.domain")
      .allowEmptyShould(false);

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(BASE_PACKAGE);
  }

  @Test
  @DisplayName("every feature's domain is plain Java: java.lang, java.time, java.util and the features' domains only")
  void domainIsPlainJava() {
    DOMAIN_IS_PURE.check(classes);
  }

  @Test
  @DisplayName("application and web use no persistence or messaging class of any feature")
  void adaptersStayBehindPorts() {
    ADAPTERS_BEHIND_PORTS.check(classes);
  }

  @Test
  @DisplayName("messaging writes to the outbox only in Outbox<Port> classes behind their feature's *Publisher ports")
  void outboxWritersArePublisherAdapters() {
    OUTBOX_WRITERS_ARE_PUBLISHERS.check(classes);
  }

  @Test
  @DisplayName("a feature uses another only through its domain and application, never its adapters")
  void featuresMeetThroughDomainAndApplication() {
    FEATURES_MEET_THROUGH_PORTS.check(classes);
  }

  @Test
  @DisplayName("every shared rule fails on the archfixture classes that break it (the rules are not vacuous)")
  void everySharedRuleCanFail() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(BASE_PACKAGE + ".ledger.domain.archfixture",
        BASE_PACKAGE + ".invariants.application.archfixture", BASE_PACKAGE + ".console.web.archfixture",
        BASE_PACKAGE + ".reports.archfixture", BASE_PACKAGE + ".repairs.messaging.archfixture");
    assertThatThrownBy(() -> DOMAIN_IS_PURE.check(fixtures))
        .isInstanceOf(AssertionError.class).hasMessageContaining("java.sql.Connection");
    assertThatThrownBy(() -> ADAPTERS_BEHIND_PORTS.check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("JdbcFindingStore").hasMessageContaining("KafkaDeadLetterRecords");
    assertThatThrownBy(() -> FEATURES_MEET_THROUGH_PORTS.check(fixtures))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("FeatureLeak").hasMessageContaining("JdbcObservedMessageStore");
    assertThatThrownBy(() -> OUTBOX_WRITERS_ARE_PUBLISHERS.check(fixtures))
        .isInstanceOf(AssertionError.class).hasMessageContaining("RepairCommands writes to the outbox");
  }

  @Test
  @DisplayName("the application layer knows nothing of Kafka, Avro, JDBC or the web")
  void applicationIsFreeOfAdapters() {
    noClasses().that().resideInAPackage("..reconciler.*.application..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.kafka..", "org.apache.avro..", "java.sql..", "org.springframework.jdbc..",
            "org.springframework.web..", "..reconciler.*.web..", "..reconciler.*.messaging..", "..reconciler.*.persistence..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  @DisplayName("adapters do not call each other")
  void adaptersAreIndependent() {
    noClasses().that().resideInAnyPackage("..reconciler.*.web..", "..reconciler.*.persistence..")
        .should().dependOnClassesThat().resideInAPackage("..reconciler.*.messaging..")
        .allowEmptyShould(false)
        .check(classes);
    noClasses().that().resideInAnyPackage("..reconciler.*.web..", "..reconciler.*.messaging..")
        .should().dependOnClassesThat().resideInAPackage("..reconciler.*.persistence..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  @DisplayName("the console and the reports use other features through their application and domain only")
  void newFeaturesUseOthersThroughPorts() {
    String[] othersAdapters = java.util.stream.Stream.of("observation", "invariants", "ledger", "stripe", "repairs")
        .flatMap(f -> java.util.stream.Stream.of("web", "messaging", "persistence", "provider")
            .map(layer -> "..reconciler." + f + "." + layer + ".."))
        .toArray(String[]::new);
    noClasses().that().resideInAnyPackage("..reconciler.console..", "..reconciler.reports..")
        .should().dependOnClassesThat().resideInAnyPackage(othersAdapters)
        .allowEmptyShould(false)
        .check(classes);
    noClasses().that().resideInAPackage("..reconciler.reports..")
        .should().dependOnClassesThat().resideInAPackage("..reconciler.console..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  @DisplayName("the invariant checks are pure: no clock of their own, no state kept between runs, no I/O")
  void checksArePure() {
    CHECKS_READ_NO_CLOCK.check(classes);
    CHECKS_KEEP_NO_STATE.check(classes);
    CHECKS_DO_NO_IO.check(classes);
  }

  @Test
  @DisplayName("every purity rule fails on a check that breaks it (the rules are not vacuous)")
  void purityRulesCanFail() {
    JavaClasses leak = new ClassFileImporter().importClasses(ImpureCheck.class);
    assertThatThrownBy(() -> CHECKS_READ_NO_CLOCK.check(leak))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Instant.now()").hasMessageContaining("Clock");
    assertThatThrownBy(() -> CHECKS_KEEP_NO_STATE.check(leak))
        .isInstanceOf(AssertionError.class).hasMessageContaining("runs");
    assertThatThrownBy(() -> CHECKS_DO_NO_IO.check(leak))
        .isInstanceOf(AssertionError.class).hasMessageContaining("java.io.PrintStream");
  }
}
