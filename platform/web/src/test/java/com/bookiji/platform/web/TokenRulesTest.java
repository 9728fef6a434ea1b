package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** What a token must carry besides a valid signature (local and production settings). */
class TokenRulesTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef";
  static final Actor VENDOR = new Actor("vendor-1", Role.VENDOR);

  static NimbusJwtDecoder decoder(BookijiSecurityProperties.Jwt settings) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder
        .withSecretKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
        .macAlgorithm(MacAlgorithm.HS256).build();
    decoder.setJwtValidator(BookijiWebAutoConfiguration.tokenValidator(settings));
    return decoder;
  }

  static BookijiSecurityProperties.Jwt local() {
    return new BookijiSecurityProperties.Jwt(SECRET, null, null, null, false, Duration.ofSeconds(30));
  }

  static BookijiSecurityProperties.Jwt production() {
    return new BookijiSecurityProperties.Jwt(null, null, "https://id.bookiji.example", "bookiji-api",
        true, Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("a token without exp is refused: it would be valid forever")
  void expiryRequired() {
    long now = Instant.now().getEpochSecond();
    String noExpiry = new TokenMinter(SECRET).sign(
        "{\"sub\":\"vendor-1\",\"role\":\"VENDOR\",\"iat\":" + now + "}");
    assertThatThrownBy(() -> decoder(local()).decode(noExpiry))
        .isInstanceOf(JwtValidationException.class).hasMessageContaining("exp");
    assertThat(decoder(local()).decode(new TokenMinter(SECRET).mint(VENDOR, Duration.ofMinutes(1)))
        .getSubject()).isEqualTo("vendor-1");
  }

  @Test
  @DisplayName("with issuer and audience required, a token must name both")
  void issuerAndAudienceRequired() {
    Clock clock = Clock.systemUTC();
    NimbusJwtDecoder production = decoder(production());
    String right = new TokenMinter(SECRET, clock, "https://id.bookiji.example", "bookiji-api")
        .mint(VENDOR, Duration.ofMinutes(1));
    assertThat(production.decode(right).getSubject()).isEqualTo("vendor-1");
    String noIssuerNoAudience = new TokenMinter(SECRET).mint(VENDOR, Duration.ofMinutes(1));
    String otherAudience = new TokenMinter(SECRET, clock, "https://id.bookiji.example", "billing")
        .mint(VENDOR, Duration.ofMinutes(1));
    String otherIssuer = new TokenMinter(SECRET, clock, "https://evil.example", "bookiji-api")
        .mint(VENDOR, Duration.ofMinutes(1));
    String noAudience = new TokenMinter(SECRET, clock, "https://id.bookiji.example", null)
        .mint(VENDOR, Duration.ofMinutes(1));
    for (String token : new String[] {noIssuerNoAudience, otherAudience, otherIssuer, noAudience}) {
      assertThatThrownBy(() -> production.decode(token)).isInstanceOf(JwtValidationException.class);
    }
  }

  @Test
  @DisplayName("requiring issuer and audience without configuring them refuses to start")
  void productionNeedsBothConfigured() {
    BookijiSecurityProperties.Jwt missingAudience = new BookijiSecurityProperties.Jwt(null, null,
        "https://id.bookiji.example", null, true, Duration.ofSeconds(30));
    assertThatThrownBy(() -> BookijiWebAutoConfiguration.tokenValidator(missingAudience))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
  }
}
