package com.bookiji.stripesim;

import com.bookiji.stripesim.internal.ApiHandler;
import com.bookiji.stripesim.internal.ControlHandler;
import com.bookiji.stripesim.internal.Faults;
import com.bookiji.stripesim.internal.Http;
import com.bookiji.stripesim.internal.Idempotency;
import com.bookiji.stripesim.internal.Payments;
import com.bookiji.stripesim.internal.Records;
import com.bookiji.stripesim.internal.RequestLog;
import com.bookiji.stripesim.internal.SimClock;
import com.bookiji.stripesim.internal.Store;
import com.bookiji.stripesim.internal.WebhookEndpoints;
import com.bookiji.stripesim.internal.Webhooks;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful, Stripe-compatible HTTP server for stripe-java: point {@code setApiBase} at
 * {@link #baseUrl()} and use the keys from {@link StripeSimulatorConfig}. The control API under
 * {@code /_sim} (see README, or {@link #control()}) injects faults, registers webhook endpoints,
 * plays the customer and inspects state.
 *
 * <pre>{@code
 * try (StripeSimulator sim = StripeSimulator.start(StripeSimulatorConfig.defaults())) {
 *   StripeClient stripe = StripeClient.builder().setApiKey("sk_test_bookiji").setApiBase(sim.baseUrl()).build();
 * }
 * }</pre>
 */
public final class StripeSimulator implements AutoCloseable {

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY each response can
    // wait ~40 ms for the client's delayed ACK. Read once, when the first HttpServer is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final StripeSimulatorConfig config;
  private final HttpServer server;
  private final ExecutorService requestThreads;
  private final ScheduledExecutorService housekeeping;
  private final Store store;
  private final SimClock clock;
  private final Faults faults;
  private final Webhooks webhooks;
  private final Payments payments;
  private final Idempotency idempotency;
  private final RequestLog requestLog;
  private final String baseUrl;

  private StripeSimulator(StripeSimulatorConfig config) throws IOException {
    this.config = config;
    this.store = new Store(config.dataFile());
    this.clock = new SimClock(config.clock(), store.clockOffsetMillis());
    this.faults = new Faults();
    this.requestLog = new RequestLog();
    this.webhooks =
        new Webhooks(
            store, clock, faults, config.webhookRetryInitialDelay(), config.webhookMaxAttempts(), config.webhookTimeout(),
            config.webhookDeliveryLanes());
    this.payments = new Payments(store, clock, config.authorizationExpiry(), webhooks::publish);
    this.idempotency = new Idempotency(store, clock, config.idempotencyKeyTtl());
    for (String url : config.webhookUrls()) {
      addWebhookEndpoint(url, null);
    }

    AtomicInteger threadNo = new AtomicInteger();
    this.requestThreads =
        Executors.newFixedThreadPool(config.threads(), r -> daemon(r, "stripe-sim-http-" + threadNo.incrementAndGet()));
    this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
    server.createContext(
        "/v1/",
        new ApiHandler(payments, new WebhookEndpoints(store, clock), idempotency, faults, requestLog, clock,
            config.secretKey(), config.publishableKey()));
    server.createContext("/_sim/", new ControlHandler(new Control()));
    server.createContext(
        "/",
        ex -> Http.send(
            ex, 404,
            "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized request URL ("
                + ex.getRequestMethod() + ": " + ex.getRequestURI().getPath() + ").\"}}"));
    server.setExecutor(requestThreads);
    server.start();
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();

    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stripe-sim-housekeeping"));
    long tick = Math.max(20, Math.min(1000, config.authorizationExpiry().toMillis() / 20));
    housekeeping.scheduleWithFixedDelay(this::expireQuietly, tick, tick, TimeUnit.MILLISECONDS);
    housekeeping.scheduleWithFixedDelay(idempotency::purgeExpired, 60, 60, TimeUnit.SECONDS);
    webhooks.resumePending();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts a simulator; with a {@code dataFile} it resumes the state the last run left. */
  public static StripeSimulator start(StripeSimulatorConfig config) {
    try {
      return new StripeSimulator(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Stripe simulator on port " + config.port(), e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, the value for stripe-java's {@code setApiBase}. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public StripeSimulatorConfig config() {
    return config;
  }

  /** A client for this simulator's {@code /_sim} control API. */
  public SimControlClient control() {
    return new SimControlClient(baseUrl);
  }

  private void expireQuietly() {
    try {
      payments.expireAuthorizations();
    } catch (RuntimeException e) {
      // keep the schedule alive; the next tick retries
    }
  }

  private Records.WebhookEndpoint addWebhookEndpoint(String url, String secret) {
    synchronized (store) {
      for (Records.WebhookEndpoint existing : store.endpoints.values()) {
        if (existing.url.equals(url)) {
          if (secret != null && !secret.equals(existing.secret)) {
            existing.secret = secret;
            store.save(existing);
          }
          return existing;
        }
      }
      Records.WebhookEndpoint we = store.identify(new Records.WebhookEndpoint(), "we_", clock.epochSecond());
      we.enabledEvents = java.util.List.of("*");
      we.status = "enabled";
      we.url = url;
      we.secret = secret == null ? config.webhookSecret() : secret;
      store.save(we);
      return we;
    }
  }

  /** Stops listening, stops deliveries and timers, and closes the journal. */
  @Override
  public void close() {
    server.stop(0);
    housekeeping.shutdownNow();
    webhooks.close();
    requestThreads.shutdownNow();
    store.close();
  }

  private final class Control implements ControlHandler.Simulator {
    @Override
    public Payments payments() {
      return payments;
    }

    @Override
    public Faults faults() {
      return faults;
    }

    @Override
    public Webhooks webhooks() {
      return webhooks;
    }

    @Override
    public RequestLog requestLog() {
      return requestLog;
    }

    @Override
    public SimClock clock() {
      return clock;
    }

    @Override
    public Store store() {
      return store;
    }

    @Override
    public Records.WebhookEndpoint addWebhookEndpoint(String url, String secret) {
      return StripeSimulator.this.addWebhookEndpoint(url, secret);
    }

    @Override
    public void reset() {
      synchronized (payments) {
        faults.clearApiRules();
        faults.clearWebhookRules();
        webhooks.reset();
        idempotency.reset();
        requestLog.clear();
        store.reset();
        clock.resetOffset();
      }
    }
  }

  static Duration parseSeconds(String value) {
    return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
  }
}
