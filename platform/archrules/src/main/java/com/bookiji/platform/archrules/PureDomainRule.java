package com.bookiji.platform.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link BookijiArchitecture#domainIsPure}: the allow-list, widened only by a named package with the
 * reason it is needed ({@link #alsoAllowing}), which shows in every failure message.
 */
public final class PureDomainRule extends ForwardingArchRule {

  private record Allowance(String packageIdentifier, String reason) {
  }

  private final String basePackage;
  private final List<Allowance> allowances;

  PureDomainRule(String basePackage) {
    this(basePackage, List.of());
  }

  private PureDomainRule(String basePackage, List<Allowance> allowances) {
    this.basePackage = basePackage;
    this.allowances = List.copyOf(allowances);
  }

  /** Lets the domain use one more package (an ArchUnit identifier such as {@code java.math..}), for a stated reason. */
  public PureDomainRule alsoAllowing(String packageIdentifier, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("an allowance needs its reason: " + packageIdentifier);
    }
    List<Allowance> widened = new ArrayList<>(allowances);
    widened.add(new Allowance(packageIdentifier, reason));
    return new PureDomainRule(basePackage, widened);
  }

  @Override
  ArchRule rule() {
    String[] ownPackages = {basePackage + "..domain..", basePackage + "..saga.."};
    String[] allowed = Stream.of(Stream.of("java.lang..", "java.time..", "java.util.."), Stream.of(ownPackages),
            allowances.stream().map(Allowance::packageIdentifier))
        .flatMap(s -> s).toArray(String[]::new);
    String description = "domain and saga of " + basePackage
        + " use only java.lang, java.time, java.util and themselves"
        + (allowances.isEmpty() ? "" : allowances.stream()
            .map(a -> a.packageIdentifier() + " (" + a.reason() + ")")
            .collect(Collectors.joining(", ", ", and also ", "")));
    return classes().that().resideInAnyPackage(ownPackages)
        .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
        .as(description)
        .allowEmptyShould(false);
  }
}
