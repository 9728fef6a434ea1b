package com.bookiji.reconciler.console.web;

import com.bookiji.platform.web.Actor;
import com.bookiji.platform.web.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's pages: {@code /ops/} (OPS only, like its data) and {@code /ops/login} (open: it holds
 * no data, it only turns a token into the console's cookie). Scripts and styles are inline, so a
 * page is one protected response.
 */
@RestController
public class ConsolePages {

  private final Clock clock;

  public ConsolePages(Clock clock) {
    this.clock = clock;
  }

  @GetMapping(path = {"/ops/", "/ops/index.html"}, produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> console() throws IOException {
    return page("ops-console/index.html");
  }

  @GetMapping(path = "/ops/login", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> login() throws IOException {
    return page("ops-console/login.html");
  }

  /** The caller proved the OPS role with a bearer token; the browser keeps it as a cookie until it expires. */
  @PostMapping("/ops/session")
  public ResponseEntity<SessionView> session(HttpServletRequest request, Actor actor, @AuthenticationPrincipal Jwt jwt) {
    actor.requireRole(Role.OPS);
    String token = new DefaultBearerTokenResolver().resolve(request);
    if (token == null) {
      token = ConsoleSecurity.cookie(request); // renewing with the cookie itself
    }
    Instant expires = jwt.getExpiresAt();
    Duration maxAge = expires == null ? Duration.ofHours(1) : Duration.between(clock.instant(), expires);
    ResponseCookie cookie = ResponseCookie.from(ConsoleSecurity.COOKIE, token).httpOnly(true).sameSite("Strict")
        .secure(request.isSecure()).path("/ops").maxAge(maxAge.isNegative() ? Duration.ZERO : maxAge).build();
    return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString())
        .body(new SessionView(actor.id(), expires));
  }

  @PostMapping("/ops/logout")
  public ResponseEntity<Void> logout() {
    ResponseCookie gone = ResponseCookie.from(ConsoleSecurity.COOKIE, "").httpOnly(true).sameSite("Strict")
        .path("/ops").maxAge(0).build();
    return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, gone.toString()).build();
  }

  public record SessionView(String user, Instant expiresAt) {}

  private static ResponseEntity<String> page(String path) throws IOException {
    try (InputStream in = new ClassPathResource(path).getInputStream()) {
      return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .header("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; "
              + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
          .body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
