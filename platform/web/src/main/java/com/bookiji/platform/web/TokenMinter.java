package com.bookiji.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 bearer tokens that the local stack's services accept (same secret as
 * {@code bookiji.security.jwt.secret}). Plain JDK on purpose: the demo, the load benchmark and a
 * newcomer's shell can use it without a Spring context.
 */
public final class TokenMinter {

  /** HS256 needs a key at least as long as the hash: 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] secret;
  private final Clock clock;
  private final String issuer;
  private final String audience;

  public TokenMinter(String secret) {
    this(secret, Clock.systemUTC(), null);
  }

  public TokenMinter(String secret, Clock clock, String issuer) {
    this(secret, clock, issuer, null);
  }

  public TokenMinter(String secret, Clock clock, String issuer, String audience) {
    Objects.requireNonNull(secret, "secret");
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    if (this.secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the JWT secret must have at least " + MIN_SECRET_BYTES + " bytes for HS256");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.issuer = issuer;
    this.audience = audience;
  }

  /** A token for {@code actor}, valid for {@code ttl} from now. */
  public String mint(Actor actor, Duration ttl) {
    Instant now = clock.instant();
    return mint(actor.id(), actor.role(), now, now.plus(ttl));
  }

  /** A token with explicit validity (tests use it to mint already expired tokens). */
  public String mint(String subject, Role role, Instant issuedAt, Instant expiresAt) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    StringBuilder claims = new StringBuilder("{");
    claims.append("\"sub\":").append(jsonString(subject));
    claims.append(",\"role\":").append(jsonString(role.name()));
    claims.append(",\"iat\":").append(issuedAt.getEpochSecond());
    claims.append(",\"exp\":").append(expiresAt.getEpochSecond());
    claims.append(",\"jti\":").append(jsonString(UUID.randomUUID().toString()));
    if (issuer != null) {
      claims.append(",\"iss\":").append(jsonString(issuer));
    }
    if (audience != null) {
      claims.append(",\"aud\":").append(jsonString(audience));
    }
    claims.append('}');
    return sign(claims.toString());
  }

  /** Signs exactly these claims (a JSON object); tests use it for tokens that lack a claim. */
  public String sign(String claimsJson) {
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String signingInput = b64(header) + "." + b64(claimsJson);
    return signingInput + "." + B64.encodeToString(hmac(signingInput));
  }

  private byte[] hmac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String jsonString(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
