package com.bookiji.platform.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The architecture rules every Bookiji service applies to itself, each given the service's base
 * package (e.g. {@code com.bookiji.payment}). Each service proves in its own ArchitectureTest that
 * every rule it applies fails on a deliberately leaking {@code archfixture} class.
 */
public final class BookijiArchitecture {

  private BookijiArchitecture() {
  }

  /**
   * {@code domain} and {@code saga} (at any depth below the base package, so every reconciler
   * feature's domain too) use only {@code java.lang}, {@code java.time}, {@code java.util} and the
   * module's own domain and saga packages: an allow-list, so {@code java.sql} or a framework fails.
   */
  public static PureDomainRule domainIsPure(String basePackage) {
    return new PureDomainRule(basePackage);
  }

  /**
   * {@code application} and {@code web} never depend on the module's {@code persistence} or
   * {@code messaging} packages: they reach storage and topics through ports the application owns.
   */
  public static ArchRule applicationAndWebUseNoAdapterInternals(String basePackage) {
    return classes().that().resideInAnyPackage(basePackage + "..application..", basePackage + "..web..")
        .should().onlyDependOnClassesThat(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
            basePackage + "..persistence..", basePackage + "..messaging..")))
        .as("application and web of " + basePackage + " do not depend on its persistence or messaging")
        .allowEmptyShould(false);
  }

  /** The platform's transactional outbox, the one way a service writes messages. */
  static final String OUTBOX_WRITER = "com.bookiji.platform.outbox.Outbox";

  /**
   * A class of {@code messaging} that writes to the platform's outbox is an outbox publisher: it is
   * named {@code Outbox} + the name of the port it implements, a {@code <Subject><Event|Command>Publisher}
   * interface of the module's {@code application} (e.g. {@code OutboxAvailabilityEventPublisher}
   * implements {@code application.AvailabilityEventPublisher}). The use cases see only the port.
   */
  public static ArchRule outboxWritersArePublisherAdapters(String basePackage) {
    return outboxWritersArePublisherAdapters(basePackage, OUTBOX_WRITER);
  }

  static ArchRule outboxWritersArePublisherAdapters(String basePackage, String outboxWriter) {
    DescribedPredicate<JavaClass> writesToTheOutbox = DescribedPredicate.describe("write to " + outboxWriter,
        origin -> origin.getDirectDependenciesFromSelf().stream()
            .anyMatch(dependency -> dependency.getTargetClass().getName().equals(outboxWriter)));
    return classes().that().resideInAPackage(basePackage + "..messaging..").and(writesToTheOutbox)
        .should(beNamedOutboxAfterTheirPublisherPort(basePackage))
        .allowEmptyShould(false);
  }

  private static ArchCondition<JavaClass> beNamedOutboxAfterTheirPublisherPort(String basePackage) {
    return new ArchCondition<>("be named Outbox + the name of the *Publisher port of " + basePackage
        + "'s application they implement") {
      @Override
      public void check(JavaClass adapter, ConditionEvents events) {
        boolean namedAfterItsPort = adapter.getAllRawInterfaces().stream()
            .anyMatch(port -> port.getPackageName().startsWith(basePackage + ".")
                && segmentsBelow(basePackage, port.getPackageName()).contains("application")
                && port.getSimpleName().endsWith("Publisher")
                && adapter.getSimpleName().equals("Outbox" + port.getSimpleName()));
        if (!namedAfterItsPort) {
          events.add(SimpleConditionEvent.violated(adapter, adapter.getName() + " writes to the outbox but is not "
              + "Outbox<Port> implementing a port <Port> ending in Publisher from " + basePackage + "..application.."
              + " (it implements " + adapter.getAllRawInterfaces().stream().map(JavaClass::getName).sorted().toList() + ")"));
        }
      }
    };
  }

  /**
   * For a module made of features (the first package below the base package, e.g.
   * {@code com.bookiji.reconciler.ledger}): a feature uses another feature only through that
   * feature's {@code domain} and {@code application}, never its adapters ({@code web},
   * {@code messaging}, {@code persistence}, {@code provider}, or anything else).
   */
  public static ArchRule featuresMeetOnlyThroughDomainAndApplication(String basePackage) {
    return classes().that().resideInAPackage(basePackage + ".*..")
        .should(useOtherFeaturesOnlyThrough(basePackage, Set.of("domain", "application")))
        .allowEmptyShould(false);
  }

  private static ArchCondition<JavaClass> useOtherFeaturesOnlyThrough(String basePackage, Set<String> openLayers) {
    return new ArchCondition<>("use another feature of " + basePackage + " only through its " + String.join(" or ", openLayers.stream().sorted().toList())) {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String> ownFeature = segmentAfter(basePackage, origin.getPackageName(), 0);
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getBaseComponentType().getPackageName();
          Optional<String> targetFeature = segmentAfter(basePackage, target, 0);
          if (targetFeature.isEmpty() || targetFeature.equals(ownFeature)) {
            continue;
          }
          Optional<String> targetLayer = segmentAfter(basePackage, target, 1);
          if (targetLayer.isEmpty() || !openLayers.contains(targetLayer.get())) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static List<String> segmentsBelow(String basePackage, String packageName) {
    return List.of(packageName.substring(basePackage.length() + 1).split("\\."));
  }

  /** The package segment {@code index} places below {@code basePackage}, if the package is below it. */
  static Optional<String> segmentAfter(String basePackage, String packageName, int index) {
    if (!packageName.startsWith(basePackage + ".")) {
      return Optional.empty();
    }
    String[] segments = packageName.substring(basePackage.length() + 1).split("\\.");
    return index < segments.length ? Optional.of(segments[index]) : Optional.empty();
  }
}
