package com.bookiji.reconciler.console.web;

import com.bookiji.platform.web.AuthorizationRules;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * How a browser carries its OPS token: the login page posts the token once as a bearer header to
 * {@code /ops/session}, which answers with an HttpOnly, SameSite=Strict cookie scoped to {@code /ops};
 * from then on the page, its stream and its API calls carry the cookie. Everything else still takes
 * the {@code Authorization} header, which wins when both are present. The token is the same JWT
 * either way: validated, role-checked and expiring as usual.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

  public static final String COOKIE = "bookiji_ops";
  /** Open pages ignore the cookie: an expired one must not lock its owner out of signing in again. */
  private static final java.util.Set<String> OPEN = java.util.Set.of("/ops/login", "/ops/logout");

  @Bean
  BearerTokenResolver headerOrOpsCookie() {
    DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
    return request -> {
      String fromHeader = header.resolve(request);
      if (fromHeader != null || !request.getRequestURI().startsWith("/ops/") || OPEN.contains(request.getRequestURI())) {
        return fromHeader;
      }
      return cookie(request);
    };
  }

  static String cookie(HttpServletRequest request) {
    if (request.getCookies() == null) {
      return null;
    }
    for (Cookie c : request.getCookies()) {
      if (COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
        return c.getValue();
      }
    }
    return null;
  }

  /** Only the login page (it holds no data) and leaving the session are open; before the OPS rule for /ops/**. */
  @Bean
  AuthorizationRules consoleLoginIsOpen() {
    return new OrderedRules();
  }

  private static final class OrderedRules implements AuthorizationRules, Ordered {
    @Override
    public void configure(
        org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer<
            org.springframework.security.config.annotation.web.builders.HttpSecurity>
            .AuthorizationManagerRequestMatcherRegistry rules) {
      rules.requestMatchers(org.springframework.http.HttpMethod.GET, "/ops/login").permitAll();
      rules.requestMatchers(org.springframework.http.HttpMethod.POST, "/ops/logout").permitAll();
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }
}
