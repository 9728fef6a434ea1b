package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class TokenMinterTest {

  static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  @DisplayName("a minted token verifies with the same secret and carries subject, role and expiry")
  void roundTrip() {
    Instant now = Instant.now();
    TokenMinter minter = new TokenMinter(SECRET, Clock.fixed(now, ZoneOffset.UTC), "bookiji-local");
    String token = minter.mint(new Actor("vendor \"quoted\"", Role.VENDOR), Duration.ofSeconds(90));
    Jwt jwt = NimbusJwtDecoder
        .withSecretKey(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
        .macAlgorithm(MacAlgorithm.HS256).build().decode(token);
    assertThat(jwt.getSubject()).isEqualTo("vendor \"quoted\"");
    assertThat(jwt.getClaimAsString("role")).isEqualTo("VENDOR");
    assertThat(jwt.getClaimAsString("iss")).isEqualTo("bookiji-local");
    assertThat(jwt.getExpiresAt()).isEqualTo(Instant.ofEpochSecond(now.getEpochSecond() + 90));
    assertThat(CurrentActor.fromJwt(jwt)).contains(new Actor("vendor \"quoted\"", Role.VENDOR));
  }

  @Test
  @DisplayName("a secret shorter than 32 bytes is refused")
  void shortSecret() {
    assertThatThrownBy(() -> new TokenMinter("too-short"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
