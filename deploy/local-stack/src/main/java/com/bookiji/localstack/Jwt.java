package com.bookiji.localstack;

import com.bookiji.platform.web.Role;
import com.bookiji.platform.web.TokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Local bearer tokens, minted by platform-web's {@link TokenMinter} with the stack's JWT secret. */
final class Jwt {

  private Jwt() {}

  static String mint(String secret, String subject, String role, Duration ttl) {
    Instant now = Instant.now();
    return new TokenMinter(secret).mint(subject, Role.valueOf(role.toUpperCase(Locale.ROOT)), now, now.plus(ttl));
  }
}
