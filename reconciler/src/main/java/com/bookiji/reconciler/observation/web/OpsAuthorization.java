package com.bookiji.reconciler.observation.web;

import com.bookiji.platform.web.AuthorizationRules;
import com.bookiji.platform.web.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ops endpoints are for on-call engineers only. */
@Configuration(proxyBeanMethods = false)
public class OpsAuthorization {

  @Bean
  AuthorizationRules opsEndpointsNeedOpsRole() {
    return rules -> rules.requestMatchers("/ops/**").hasRole(Role.OPS.name());
  }
}
