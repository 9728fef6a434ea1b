package com.bookiji.platform.archrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.archrules.sample.messaging.OutboxPriceEventPublisher;
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
  @DisplayName("an allowance without a reason is refused")
  void anAllowanceNeedsItsReason() {
    assertThatThrownBy(() -> BookijiArchitecture.domainIsPure(SAMPLE).alsoAllowing("java.math..", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BookijiArchitecture.domainIsPure(SAMPLE).alsoAllowing("java.math..", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("application and web may not use a persistence or messaging class, and the failure names both")
  void applicationUsingAnAdapterFails() {
    var result = BookijiArchitecture.applicationAndWebUseNoAdapterInternals(SAMPLE).evaluate(SAMPLE_CLASSES);

    assertThat(result.getFailureReport().getDetails())
        .singleElement().asString().contains("PriceService").contains("PriceTable");
  }

  @Test
  @DisplayName("a messaging class that writes to the outbox passes only as Outbox + the name of the application *Publisher port it implements")
  void outboxWritersArePublisherAdapters() {
    var rule = BookijiArchitecture.outboxWritersArePublisherAdapters(SAMPLE, SAMPLE + ".outbox.Writer");

    assertThat(rule.evaluate(SAMPLE_CLASSES).getFailureReport().getDetails())
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).contains("PriceEvents").contains("PriceEventPublisher"))
        .anySatisfy(line -> assertThat(line).contains("OutboxPriceNotifier").contains("implements []"))
        .noneSatisfy(line -> assertThat(line).contains("OutboxPriceEventPublisher "))
        .noneSatisfy(line -> assertThat(line).contains("PriceTopicCheck"));
    assertThat(rule.evaluate(new ClassFileImporter().importClasses(OutboxPriceEventPublisher.class)).hasViolation())
        .isFalse();
  }

  @Test
  @DisplayName("the outbox rule refuses to pass where no messaging class writes to the outbox (a renamed writer cannot silence it)")
  void outboxRuleIsNotVacuous() {
    var rule = BookijiArchitecture.outboxWritersArePublisherAdapters(SAMPLE, SAMPLE + ".outbox.Renamed");

    assertThatThrownBy(() -> rule.check(SAMPLE_CLASSES)).isInstanceOf(AssertionError.class);
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
