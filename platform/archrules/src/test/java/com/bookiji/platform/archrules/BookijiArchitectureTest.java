package com.bookiji.platform.archrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BookijiArchitectureTest {

  private static final String SAMPLE = "com.bookiji.platform.archrules.sample";
  private static final JavaClasses SAMPLE_CLASSES = new ClassFileImporter().importPackages(SAMPLE);

  @Test
  @DisplayName("java.math is outside the domain allow-list until a named allowance, whose reason the rule states, lets it in")
  void anAllowanceWidensTheDomainByOneNamedPackage() {
    assertThat(BookijiArchitecture.domainIsPure(SAMPLE).evaluate(SAMPLE_CLASSES).hasViolation()).isTrue();

    var widened = BookijiArchitecture.domainIsPure(SAMPLE).alsoAllowing("java.math..", "prices are decimal");

    assertThat(widened.evaluate(SAMPLE_CLASSES).hasViolation()).isFalse();
    assertThat(widened.getDescription()).contains("java.math..").contains("prices are decimal");
  }

  @Test
  @DisplayName("an exception tolerates the one class it names, and an allowance or exception without a reason is refused")
  void anExceptionIsOneNamedClassWithItsReason() {
    var rule = BookijiArchitecture.applicationAndWebUseNoAdapterInternals(SAMPLE);
    assertThat(rule.evaluate(SAMPLE_CLASSES).getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("PriceService").contains("PriceTable"));

    assertThat(rule.exceptFor(SAMPLE + ".application.PriceService", "waits for its port")
        .evaluate(SAMPLE_CLASSES).hasViolation()).isFalse();
    assertThat(rule.exceptFor(SAMPLE + ".application.Price", "a prefix is not the class")
        .evaluate(SAMPLE_CLASSES).hasViolation()).isTrue();
    assertThat(rule.exceptFor(SAMPLE + ".application.PriceService", "waits for its port")
        .exceptFor(SAMPLE + ".persistence.PriceTable", "not even checked: outside application and web")
        .evaluate(SAMPLE_CLASSES).hasViolation()).isFalse();
    assertThatThrownBy(() -> rule.exceptFor(SAMPLE + ".application.PriceService", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BookijiArchitecture.domainIsPure(SAMPLE).alsoAllowing("java.math..", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an exception for a class that no longer leaks fails the rule, so it is removed rather than forgotten")
  void aStaleExceptionFails() {
    var rule = BookijiArchitecture.applicationAndWebUseNoAdapterInternals(SAMPLE)
        .exceptFor(SAMPLE + ".application.PriceService", "waits for its port")
        .exceptFor(SAMPLE + ".application.PriceQuery", "already has its port");

    assertThat(rule.evaluate(SAMPLE_CLASSES).getFailureReport().getDetails())
        .singleElement().asString().contains("exception for " + SAMPLE + ".application.PriceQuery is no longer needed");
  }

  @Test
  @DisplayName("the feature of a package is the first segment below the base package, its layer the second")
  void featuresAndLayersAreReadFromThePackage() {
    assertThat(BookijiArchitecture.segmentAfter("com.bookiji.reconciler", "com.bookiji.reconciler.ledger.domain", 0)).contains("ledger");
    assertThat(BookijiArchitecture.segmentAfter("com.bookiji.reconciler", "com.bookiji.reconciler.ledger.domain", 1)).contains("domain");
    assertThat(BookijiArchitecture.segmentAfter("com.bookiji.reconciler", "com.bookiji.reconciler.ledger", 1)).isEmpty();
    assertThat(BookijiArchitecture.segmentAfter("com.bookiji.reconciler", "com.bookiji.reconcilerx.ledger", 0)).isEmpty();
    assertThat(BookijiArchitecture.segmentAfter("com.bookiji.reconciler", "com.bookiji.reconciler", 0)).isEmpty();
  }
}
