package com.bookiji.stripesim;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs the simulator alone: {@code java -jar stripe-simulator-*-exec.jar [--port 12111] [--host 0.0.0.0]
 * [--webhook-url URL]... [options]} ({@code --help} lists them). An unknown option, a missing value or
 * a value of the wrong kind prints the error and the usage on stderr and exits with 2.
 */
@Command(
    name = "java -jar stripe-simulator-exec.jar",
    sortOptions = false,
    description = "A stateful Stripe-compatible HTTP server for stripe-java (infrastructure/stripe-simulator/README.md).")
public final class StripeSimulatorMain {

  /** What a command line asks for: a configuration to run, or none with the exit code (help shown, bad input). */
  record Parsed(int exitCode, StripeSimulatorConfig config) {}

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + StripeSimulatorConfig.DEFAULT_PORT,
      description = "port to listen on (0 = any; default ${DEFAULT-VALUE})")
  private int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "bind address (0.0.0.0 for every interface; default ${DEFAULT-VALUE})")
  private String host;

  @Option(names = "--webhook-url", paramLabel = "URL", description = "webhook endpoint; repeat for several")
  private List<String> webhookUrls = new ArrayList<>();

  @Option(names = "--webhook-secret", paramLabel = "SECRET", defaultValue = StripeSimulatorConfig.DEFAULT_WEBHOOK_SECRET,
      description = "signing secret for those endpoints (default ${DEFAULT-VALUE})")
  private String webhookSecret;

  @Option(names = "--authorization-expiry-seconds", paramLabel = "SECONDS", converter = Seconds.class,
      defaultValue = "604800", description = "uncaptured authorizations are canceled after this (default ${DEFAULT-VALUE}, 7 days)")
  private Duration authorizationExpiry;

  @Option(names = "--idempotency-ttl-seconds", paramLabel = "SECONDS", converter = Seconds.class,
      defaultValue = "86400", description = "how long an idempotent result is replayed (default ${DEFAULT-VALUE}, 24 h)")
  private Duration idempotencyKeyTtl;

  @Option(names = "--webhook-retry-initial-delay-ms", paramLabel = "MILLIS", converter = Millis.class,
      defaultValue = "1000", description = "first retry delay of a failed delivery, doubling, capped at 1 h (default ${DEFAULT-VALUE})")
  private Duration webhookRetryInitialDelay;

  @Option(names = "--webhook-max-attempts", paramLabel = "N", defaultValue = "8",
      description = "attempts per event and endpoint (default ${DEFAULT-VALUE})")
  private int webhookMaxAttempts;

  @Option(names = "--webhook-timeout-ms", paramLabel = "MILLIS", converter = Millis.class, defaultValue = "10000",
      description = "how long an endpoint may take to answer (default ${DEFAULT-VALUE})")
  private Duration webhookTimeout;

  @Option(names = "--webhook-delivery-lanes", paramLabel = "N",
      defaultValue = "" + StripeSimulatorConfig.DEFAULT_WEBHOOK_DELIVERY_LANES,
      description = "concurrent deliveries per endpoint, at least 1; all events of one PaymentIntent take the same"
          + " lane, so they arrive in order (default ${DEFAULT-VALUE})")
  private int webhookDeliveryLanes;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "64",
      description = "request threads; a LATENCY fault holds one while it waits (default ${DEFAULT-VALUE})")
  private int threads;

  @Option(names = "--data-file", paramLabel = "PATH",
      description = "journal file: a restart resumes every object, event, idempotent result and undelivered webhook"
          + " (default: in memory)")
  private Path dataFile;

  @Option(names = "--secret-key", paramLabel = "KEY", defaultValue = StripeSimulatorConfig.DEFAULT_SECRET_KEY,
      description = "the accepted secret key (default ${DEFAULT-VALUE})")
  private String secretKey;

  @Option(names = "--publishable-key", paramLabel = "KEY", defaultValue = StripeSimulatorConfig.DEFAULT_PUBLISHABLE_KEY,
      description = "the accepted publishable key (default ${DEFAULT-VALUE})")
  private String publishableKey;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
  private boolean help;

  private StripeSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    Parsed parsed = parse(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (parsed.config() == null) {
      System.exit(parsed.exitCode());
    }
    StripeSimulatorConfig config = parsed.config();
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

  /** Help goes to {@code out}; an error and the usage go to {@code err}. */
  static Parsed parse(String[] args, PrintWriter out, PrintWriter err) {
    StripeSimulatorMain command = new StripeSimulatorMain();
    CommandLine commandLine = new CommandLine(command).setOut(out).setErr(err);
    try {
      commandLine.parseArgs(args);
      if (commandLine.isUsageHelpRequested()) {
        commandLine.usage(out);
        return new Parsed(0, null);
      }
      try {
        return new Parsed(0, command.config());
      } catch (IllegalArgumentException e) {
        // A value of the right kind out of its range (port 70000, 0 threads): bad input like any other.
        throw new ParameterException(commandLine, e.getMessage(), e);
      }
    } catch (ParameterException e) {
      err.println(e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, err);
      e.getCommandLine().usage(err);
      return new Parsed(e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput(), null);
    }
  }

  private StripeSimulatorConfig config() {
    StripeSimulatorConfig.Builder b = StripeSimulatorConfig.builder()
        .port(port)
        .host(host)
        .webhookSecret(webhookSecret)
        .authorizationExpiry(authorizationExpiry)
        .idempotencyKeyTtl(idempotencyKeyTtl)
        .webhookRetryInitialDelay(webhookRetryInitialDelay)
        .webhookMaxAttempts(webhookMaxAttempts)
        .webhookTimeout(webhookTimeout)
        .webhookDeliveryLanes(webhookDeliveryLanes)
        .threads(threads)
        .secretKey(secretKey)
        .publishableKey(publishableKey);
    webhookUrls.forEach(b::webhookUrl);
    if (dataFile != null) {
      b.dataFile(dataFile);
    }
    return b.build();
  }

  /** Seconds, fractions allowed ({@code 0.5}). */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return StripeSimulator.parseSeconds(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number of seconds");
      }
    }
  }

  static final class Millis implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Duration.ofMillis(Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number of milliseconds");
      }
    }
  }
}
