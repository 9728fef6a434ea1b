package com.bookiji.platform.web;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints a bearer token for the local stack:
 * {@code java -cp platform/web/target/classes com.bookiji.platform.web.MintToken
 * --secret <32+ bytes> --subject vendor-1 --role VENDOR --ttl-seconds 3600}.
 */
public final class MintToken {

  private MintToken() {}

  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        usage("unexpected argument " + arg);
        return;
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        options.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length) {
        options.put(arg.substring(2), args[++i]);
      } else {
        usage("missing value for " + arg);
        return;
      }
    }
    String secret = options.getOrDefault("secret", System.getenv("BOOKIJI_JWT_SECRET"));
    String subject = options.get("subject");
    String role = options.getOrDefault("role", "REQUESTER");
    long ttlSeconds = Long.parseLong(options.getOrDefault("ttl-seconds", "3600"));
    if (secret == null || subject == null) {
      usage("--secret (or BOOKIJI_JWT_SECRET) and --subject are required");
      return;
    }
    Role parsedRole;
    try {
      parsedRole = Role.valueOf(role.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      usage("unknown role " + role);
      return;
    }
    System.out.println(new TokenMinter(secret)
        .mint(new Actor(subject, parsedRole), Duration.ofSeconds(ttlSeconds)));
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: MintToken --secret <32+ bytes> --subject <actor id>"
        + " [--role REQUESTER|VENDOR|OPS] [--ttl-seconds 3600]");
    System.exit(2);
  }
}
