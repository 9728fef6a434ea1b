package com.bookiji.stripesim;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the simulator needs at start. Build with {@link #builder()}; every field has a default
 * that matches Stripe (7-day authorizations, 24-hour idempotency keys) except the test keys.
 *
 * @param port TCP port to listen on, 0 = any free port
 * @param secretKey the only secret key accepted ({@code Authorization: Bearer ...})
 * @param publishableKey the publishable key accepted for client-side confirmation
 * @param webhookUrls endpoints that receive every event from the start
 * @param webhookSecret signing secret for endpoints registered without their own
 * @param authorizationExpiry how long an uncaptured authorization lives before Stripe cancels it
 * @param idempotencyKeyTtl how long a stored idempotent response is replayed
 * @param dataFile optional journal file; when set, state survives a restart
 * @param clock source of time (the control API can advance it further)
 * @param webhookRetryInitialDelay first retry delay of a failed webhook delivery (doubles each time)
 * @param webhookMaxAttempts attempts per event and endpoint before giving up
 * @param webhookTimeout how long a webhook endpoint may take to answer
 * @param webhookDeliveryLanes concurrent deliveries per webhook endpoint; all events of one
 *     PaymentIntent take the same lane, so they arrive in order (1 = one delivery at a time)
 * @param threads request-handling threads (latency faults hold one each)
 * @param host address to bind ({@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface)
 */
public record StripeSimulatorConfig(
    int port,
    String secretKey,
    String publishableKey,
    List<String> webhookUrls,
    String webhookSecret,
    Duration authorizationExpiry,
    Duration idempotencyKeyTtl,
    Path dataFile,
    Clock clock,
    Duration webhookRetryInitialDelay,
    int webhookMaxAttempts,
    Duration webhookTimeout,
    int webhookDeliveryLanes,
    int threads,
    String host) {

  public static final String DEFAULT_SECRET_KEY = "sk_test_bookiji";
  public static final String DEFAULT_PUBLISHABLE_KEY = "pk_test_bookiji";
  public static final String DEFAULT_WEBHOOK_SECRET = "whsec_bookiji";
  public static final int DEFAULT_PORT = 12111;
  /**
   * Like Stripe, an endpoint gets several deliveries at once. One lane made the receiver's handling
   * time the limit of every payment (each delivery waits for the previous answer; issue #15).
   */
  public static final int DEFAULT_WEBHOOK_DELIVERY_LANES = 4;

  public StripeSimulatorConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(publishableKey, "publishableKey");
    webhookUrls = List.copyOf(webhookUrls == null ? List.of() : webhookUrls);
    Objects.requireNonNull(webhookSecret, "webhookSecret");
    requirePositive(authorizationExpiry, "authorizationExpiry");
    requirePositive(idempotencyKeyTtl, "idempotencyKeyTtl");
    Objects.requireNonNull(clock, "clock");
    requirePositive(webhookRetryInitialDelay, "webhookRetryInitialDelay");
    if (webhookMaxAttempts < 1) {
      throw new IllegalArgumentException("webhookMaxAttempts must be >= 1");
    }
    requirePositive(webhookTimeout, "webhookTimeout");
    if (webhookDeliveryLanes < 1) {
      throw new IllegalArgumentException("webhookDeliveryLanes must be >= 1, was " + webhookDeliveryLanes);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    Objects.requireNonNull(host, "host");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** Defaults: any port, test keys, no webhooks, Stripe's windows, in memory, system clock. */
  public static StripeSimulatorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.port = port;
    b.secretKey = secretKey;
    b.publishableKey = publishableKey;
    b.webhookUrls = webhookUrls;
    b.webhookSecret = webhookSecret;
    b.authorizationExpiry = authorizationExpiry;
    b.idempotencyKeyTtl = idempotencyKeyTtl;
    b.dataFile = dataFile;
    b.clock = clock;
    b.webhookRetryInitialDelay = webhookRetryInitialDelay;
    b.webhookMaxAttempts = webhookMaxAttempts;
    b.webhookTimeout = webhookTimeout;
    b.webhookDeliveryLanes = webhookDeliveryLanes;
    b.threads = threads;
    b.host = host;
    return b;
  }

  public static final class Builder {
    private int port = 0;
    private String secretKey = DEFAULT_SECRET_KEY;
    private String publishableKey = DEFAULT_PUBLISHABLE_KEY;
    private List<String> webhookUrls = List.of();
    private String webhookSecret = DEFAULT_WEBHOOK_SECRET;
    private Duration authorizationExpiry = Duration.ofDays(7);
    private Duration idempotencyKeyTtl = Duration.ofHours(24);
    private Path dataFile;
    private Clock clock = Clock.systemUTC();
    private Duration webhookRetryInitialDelay = Duration.ofSeconds(1);
    private int webhookMaxAttempts = 8;
    private Duration webhookTimeout = Duration.ofSeconds(10);
    private int webhookDeliveryLanes = DEFAULT_WEBHOOK_DELIVERY_LANES;
    private int threads = 64;
    private String host = "127.0.0.1";

    private Builder() {}

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    public Builder publishableKey(String publishableKey) {
      this.publishableKey = publishableKey;
      return this;
    }

    public Builder webhookUrls(List<String> webhookUrls) {
      this.webhookUrls = List.copyOf(webhookUrls);
      return this;
    }

    public Builder webhookUrl(String webhookUrl) {
      this.webhookUrls = java.util.stream.Stream.concat(this.webhookUrls.stream(), java.util.stream.Stream.of(webhookUrl)).toList();
      return this;
    }

    public Builder webhookSecret(String webhookSecret) {
      this.webhookSecret = webhookSecret;
      return this;
    }

    public Builder authorizationExpiry(Duration authorizationExpiry) {
      this.authorizationExpiry = authorizationExpiry;
      return this;
    }

    public Builder idempotencyKeyTtl(Duration idempotencyKeyTtl) {
      this.idempotencyKeyTtl = idempotencyKeyTtl;
      return this;
    }

    public Builder dataFile(Path dataFile) {
      this.dataFile = dataFile;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder webhookRetryInitialDelay(Duration webhookRetryInitialDelay) {
      this.webhookRetryInitialDelay = webhookRetryInitialDelay;
      return this;
    }

    public Builder webhookMaxAttempts(int webhookMaxAttempts) {
      this.webhookMaxAttempts = webhookMaxAttempts;
      return this;
    }

    public Builder webhookTimeout(Duration webhookTimeout) {
      this.webhookTimeout = webhookTimeout;
      return this;
    }

    public Builder webhookDeliveryLanes(int webhookDeliveryLanes) {
      this.webhookDeliveryLanes = webhookDeliveryLanes;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public StripeSimulatorConfig build() {
      return new StripeSimulatorConfig(
          port,
          secretKey,
          publishableKey,
          webhookUrls,
          webhookSecret,
          authorizationExpiry,
          idempotencyKeyTtl,
          dataFile,
          clock,
          webhookRetryInitialDelay,
          webhookMaxAttempts,
          webhookTimeout,
          webhookDeliveryLanes,
          threads,
          host);
    }
  }
}
