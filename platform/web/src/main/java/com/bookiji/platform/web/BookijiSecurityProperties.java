package com.bookiji.platform.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bookiji.security.*}: how bearer tokens are verified and which paths need none.
 *
 * @param jwt token verification
 * @param publicPaths extra path patterns open without a token (e.g. a provider's webhook), on top
 *     of actuator health/info/prometheus and the OpenAPI docs
 */
@ConfigurationProperties("bookiji.security")
public record BookijiSecurityProperties(@DefaultValue Jwt jwt, @DefaultValue List<String> publicPaths,
    @DefaultValue Web web) {

  /**
   * @param secret HS256 shared secret (at least 32 bytes); the local stack sets it
   * @param jwkSetUri the identity provider's JWKS endpoint (production); wins over the secret
   * @param issuer when set, the {@code iss} claim must equal it
   * @param audience when set, the {@code aud} claim must contain it
   * @param requireIssuerAndAudience refuse to start unless {@code issuer} and {@code audience} are
   *     set (the production profile sets it: a token minted for another service must not work here)
   * @param clockSkew tolerance on {@code exp}/{@code nbf}
   */
  public record Jwt(String secret, URI jwkSetUri, String issuer, String audience,
      @DefaultValue("false") boolean requireIssuerAndAudience,
      @DefaultValue("30s") Duration clockSkew) {}

  /**
   * @param maxRequestBodySize larger request bodies are refused with 413 before anything reads them
   * @param corsAllowedOrigins browser origins allowed to call the API (none by default)
   */
  public record Web(@DefaultValue("64KB") org.springframework.util.unit.DataSize maxRequestBodySize,
      @DefaultValue List<String> corsAllowedOrigins) {}
}
