package com.bookiji.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 from the security filters, as problem+json (plus the RFC 6750 challenge header). */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final BearerTokenAuthenticationEntryPoint challenge =
      new BearerTokenAuthenticationEntryPoint();

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response,
      AuthenticationException authException) throws IOException {
    // Lets Spring compute the WWW-Authenticate header (error="invalid_token", ...), then we
    // replace its empty body with a problem document.
    challenge.commence(request, response, authException);
    String wwwAuthenticate = response.getHeader(HttpHeaders.WWW_AUTHENTICATE);
    response.reset();
    if (wwwAuthenticate != null) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate);
    }
    String detail = authException instanceof InvalidBearerTokenException
        ? "the bearer token is invalid or expired"
        : "a valid bearer token is required";
    ProblemJson.write(response, 401, ProblemCodes.UNAUTHENTICATED, detail,
        request.getRequestURI());
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response,
      AccessDeniedException accessDeniedException) throws IOException {
    ProblemJson.write(response, 403, ProblemCodes.FORBIDDEN,
        "the caller's role does not allow this operation", request.getRequestURI());
  }
}
