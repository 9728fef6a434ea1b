package com.bookiji.platform.archrules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

/** An ArchRule that is built from its named allowances and exceptions, then checked as usual. */
abstract class ForwardingArchRule implements ArchRule {

  abstract ArchRule rule();

  @Override
  public void check(JavaClasses classes) {
    rule().check(classes);
  }

  @Override
  public EvaluationResult evaluate(JavaClasses classes) {
    return rule().evaluate(classes);
  }

  @Override
  public ArchRule because(String reason) {
    return rule().because(reason);
  }

  @Override
  public ArchRule allowEmptyShould(boolean allowEmptyShould) {
    return rule().allowEmptyShould(allowEmptyShould);
  }

  @Override
  public ArchRule as(String description) {
    return rule().as(description);
  }

  @Override
  public String getDescription() {
    return rule().getDescription();
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
