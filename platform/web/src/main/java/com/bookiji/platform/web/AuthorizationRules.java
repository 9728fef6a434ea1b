package com.bookiji.platform.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Declare beans of this type to add URL rules (e.g. {@code /ops/** -> hasRole("OPS")}) before the
 * platform's final "everything else needs an authenticated caller".
 */
@FunctionalInterface
public interface AuthorizationRules {
  void configure(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
