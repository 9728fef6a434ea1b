package com.bookiji.platform.web;

import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Reads the {@link Actor} out of Spring Security's context (kept apart so Actor stays plain). */
final class CurrentActor {

  static final String ROLE_CLAIM = "role";

  private CurrentActor() {}

  static Actor require() {
    return find().orElseThrow(() -> new ApiProblem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
        "a valid bearer token is required"));
  }

  static Optional<Actor> find() {
    return fromAuthentication(SecurityContextHolder.getContext().getAuthentication());
  }

  static Optional<Actor> fromAuthentication(Authentication authentication) {
    if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
      return fromJwt(token.getToken());
    }
    return Optional.empty();
  }

  static Optional<Actor> fromJwt(Jwt jwt) {
    String subject = jwt.getSubject();
    Optional<Role> role = roleOf(jwt.getClaimAsString(ROLE_CLAIM));
    if (subject == null || subject.isBlank() || role.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Actor(subject, role.get()));
  }

  static Optional<Role> roleOf(String claim) {
    if (claim == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Role.valueOf(claim.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
