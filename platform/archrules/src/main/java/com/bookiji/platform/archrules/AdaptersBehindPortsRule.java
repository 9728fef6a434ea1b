package com.bookiji.platform.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link BookijiArchitecture#applicationAndWebUseNoAdapterInternals}: no class of {@code application}
 * or {@code web} depends on {@code persistence} or {@code messaging}, except a class named in
 * {@link #exceptFor} with its reason (a known leak waiting for its port, never a package). An exception
 * for a class that is checked and no longer leaks fails the rule: it must be removed.
 */
public final class AdaptersBehindPortsRule extends ForwardingArchRule {

  private final String basePackage;
  private final Map<String, String> exceptions;

  AdaptersBehindPortsRule(String basePackage) {
    this(basePackage, Map.of());
  }

  private AdaptersBehindPortsRule(String basePackage, Map<String, String> exceptions) {
    this.basePackage = basePackage;
    this.exceptions = exceptions;
  }

  /** Tolerates the adapter dependencies of one class (fully qualified name; its nested classes too), for a stated reason. */
  public AdaptersBehindPortsRule exceptFor(String className, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("an exception needs its reason: " + className);
    }
    Map<String, String> widened = new LinkedHashMap<>(exceptions);
    widened.put(className, reason);
    return new AdaptersBehindPortsRule(basePackage, widened);
  }

  @Override
  ArchRule rule() {
    DescribedPredicate<JavaClass> internals = JavaClass.Predicates.resideInAnyPackage(
        basePackage + "..persistence..", basePackage + "..messaging..");
    ArchCondition<JavaClass> condition = new ArchCondition<>("not depend on " + basePackage
        + "'s persistence or messaging" + (exceptions.isEmpty() ? "" : " (except " + exceptions + ")")) {
      private final Set<String> exceptedSeen = new HashSet<>();
      private final Set<String> exceptedStillLeaking = new HashSet<>();

      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        List<Dependency> leaks = origin.getDirectDependenciesFromSelf().stream()
            .filter(dependency -> internals.test(dependency.getTargetClass().getBaseComponentType()))
            .toList();
        Optional<String> exception = exceptionCovering(origin);
        if (exception.isPresent()) {
          exceptedSeen.add(exception.get());
          if (!leaks.isEmpty()) {
            exceptedStillLeaking.add(exception.get());
          }
          return;
        }
        leaks.forEach(dependency -> events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription())));
      }

      // An exception whose class no longer leaks fails the rule, so it is removed, not forgotten.
      @Override
      public void finish(ConditionEvents events) {
        exceptedSeen.stream().filter(name -> !exceptedStillLeaking.contains(name)).sorted().forEach(name ->
            events.add(SimpleConditionEvent.violated(name, "the exception for " + name
                + " is no longer needed (it uses no persistence or messaging class): remove it")));
      }
    };
    return classes().that().resideInAnyPackage(basePackage + "..application..", basePackage + "..web..")
        .should(condition)
        .allowEmptyShould(false);
  }

  private Optional<String> exceptionCovering(JavaClass origin) {
    String name = origin.getName();
    return exceptions.keySet().stream().filter(excepted -> name.equals(excepted) || name.startsWith(excepted + "$")).findFirst();
  }
}
