package com.bookiji.platform.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link BookijiArchitecture#applicationAndWebUseNoAdapterInternals}: no class of {@code application}
 * or {@code web} depends on {@code persistence} or {@code messaging}, except a class named in
 * {@link #exceptFor} with its reason (a known leak waiting for its port, never a package).
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
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        if (isExcepted(origin)) {
          return;
        }
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          if (internals.test(dependency.getTargetClass().getBaseComponentType())) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
    return classes().that().resideInAnyPackage(basePackage + "..application..", basePackage + "..web..")
        .should(condition)
        .allowEmptyShould(false);
  }

  private boolean isExcepted(JavaClass origin) {
    String name = origin.getName();
    return exceptions.keySet().stream().anyMatch(excepted -> name.equals(excepted) || name.startsWith(excepted + "$"));
  }
}
