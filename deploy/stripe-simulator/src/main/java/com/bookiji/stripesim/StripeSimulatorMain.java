package com.bookiji.stripesim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator alone: {@code java -jar stripe-simulator-*-exec.jar [--port 12111]
 * [--host 0.0.0.0] [--webhook-url URL]... [--webhook-secret whsec_...]
 * [--authorization-expiry-seconds N] [--idempotency-ttl-seconds N] [--data-file PATH]
 * [--secret-key sk_...] [--publishable-key pk_...]}.
 */
public final class StripeSimulatorMain {

  private StripeSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    StripeSimulatorConfig.Builder b = StripeSimulatorConfig.builder().port(StripeSimulatorConfig.DEFAULT_PORT);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      } else if (arg.equals("--help") || arg.equals("-h")) {
        usage();
        return;
      } else {
        if (i + 1 >= args.length) {
          fail("missing value for " + arg);
        }
        value = args[++i];
      }
      switch (arg) {
        case "--port" -> b.port(Integer.parseInt(value));
        case "--host" -> b.host(value);
        case "--webhook-url" -> b.webhookUrl(value);
        case "--webhook-secret" -> b.webhookSecret(value);
        case "--authorization-expiry-seconds" -> b.authorizationExpiry(StripeSimulator.parseSeconds(value));
        case "--idempotency-ttl-seconds" -> b.idempotencyKeyTtl(StripeSimulator.parseSeconds(value));
        case "--webhook-retry-initial-delay-ms" -> b.webhookRetryInitialDelay(Duration.ofMillis(Long.parseLong(value)));
        case "--webhook-max-attempts" -> b.webhookMaxAttempts(Integer.parseInt(value));
        case "--webhook-timeout-ms" -> b.webhookTimeout(Duration.ofMillis(Long.parseLong(value)));
        case "--threads" -> b.threads(Integer.parseInt(value));
        case "--data-file" -> b.dataFile(Path.of(value));
        case "--secret-key" -> b.secretKey(value);
        case "--publishable-key" -> b.publishableKey(value);
        default -> fail("unknown option " + arg);
      }
    }
    StripeSimulatorConfig config = b.build();
    StripeSimulator sim = StripeSimulator.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      stopped.countDown();
    }, "stripe-sim-shutdown"));
    System.out.println(
        "Stripe simulator listening on " + sim.baseUrl() + " (secret key " + config.secretKey() + ", publishable key "
            + config.publishableKey() + ", webhooks " + config.webhookUrls() + ", authorization expiry "
            + config.authorizationExpiry() + (config.dataFile() == null ? ", in memory" : ", data file " + config.dataFile())
            + ")");
    stopped.await();
  }

  private static void fail(String message) {
    System.err.println(message);
    usage();
    System.exit(2);
  }

  private static void usage() {
    System.err.println(
        "usage: java -jar stripe-simulator-exec.jar [--port 12111] [--host 127.0.0.1] [--webhook-url URL]..."
            + " [--webhook-secret whsec_bookiji] [--authorization-expiry-seconds 604800]"
            + " [--idempotency-ttl-seconds 86400] [--webhook-retry-initial-delay-ms 1000] [--webhook-max-attempts 8]"
            + " [--webhook-timeout-ms 10000] [--threads 64]"
            + " [--data-file PATH] [--secret-key sk_test_bookiji] [--publishable-key pk_test_bookiji]");
  }
}
