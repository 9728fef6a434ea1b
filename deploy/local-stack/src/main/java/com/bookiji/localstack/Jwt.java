package com.bookiji.localstack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints local HS256 bearer tokens with the stack's JWT secret: subject = the actor id, claim
 * {@code role} = REQUESTER or VENDOR, as the services' JWT filter (platform-web) expects.
 */
final class Jwt {

  private Jwt() {}

  static String mint(String secret, String subject, String role, Duration ttl) {
    Instant now = Instant.now();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", subject);
    claims.put("role", role);
    claims.put("iss", "bookiji-local");
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(ttl).getEpochSecond());
    try {
      String header = b64(Http.JSON.writeValueAsBytes(Map.of("alg", "HS256", "typ", "JWT")));
      String payload = b64(Http.JSON.writeValueAsBytes(claims));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = b64(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
      return header + "." + payload + "." + signature;
    } catch (NoSuchAlgorithmException | InvalidKeyException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
