package com.bookiji.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalogue of processes, in start order by phase: infrastructure first (no dependencies on each
 * other), then the four services (which need all of it).
 */
final class Stack {

  static final String SIM_SECRET_KEY = "sk_test_bookiji";
  static final String SIM_PUBLISHABLE_KEY = "pk_test_bookiji";

  static final int RESERVATION_PORT = 8080;
  static final int REGISTRY_PORT = 8081;
  static final int AVAILABILITY_PORT = 8082;
  static final int PAYMENT_PORT = 8083;
  static final int RECONCILER_PORT = 8084;
  static final int SIMULATOR_PORT = 12111;
  /** Instance n (from 1) of a scaled-out service listens on its port + (n - 1) × this. */
  static final int REPLICA_PORT_STEP = 100;
  static final int MAX_REPLICAS = 4;

  private final int replicas;

  final PostgresComponent postgres = new PostgresComponent();
  final KafkaComponent kafka = new KafkaComponent();
  final JarComponent registry = new JarComponent("schema-registry", "infrastructure/schema-registry", "schema-registry",
      REGISTRY_PORT, "128m",
      ctx -> List.of("--port", Integer.toString(ctx.layout().port(REGISTRY_PORT)),
          "--data-dir", ctx.layout().dataDir("schema-registry").toString()),
      JarComponent.Readiness.get("/subjects", Map.of()),
      ctx -> List.<String[]>of(new String[] {"Schema registry", ctx.layout().url(REGISTRY_PORT) + "/subjects"}))
      .openedInBrowserFor("the registry's REST API");
  final JarComponent simulator = new JarComponent("stripe-simulator", "infrastructure/stripe-simulator", "stripe-simulator",
      SIMULATOR_PORT, "192m",
      ctx -> List.of("--port", Integer.toString(ctx.layout().port(SIMULATOR_PORT)),
          "--webhook-url", ctx.layout().url(PAYMENT_PORT) + "/stripe/webhooks",
          "--webhook-secret", ctx.webhookSecret(),
          // Payment intents survive down/up like every other piece of state.
          "--data-file", ctx.layout().dataDir("stripe-simulator").resolve("stripe.json").toString()),
      JarComponent.Readiness.get("/v1/payment_intents?limit=1", Map.of("Authorization", "Bearer " + SIM_SECRET_KEY)),
      ctx -> List.<String[]>of(
          new String[] {"Stripe simulator", ctx.layout().url(SIMULATOR_PORT) + "  (keys " + SIM_SECRET_KEY + " / " + SIM_PUBLISHABLE_KEY + ")"},
          new String[] {"Simulator control", ctx.layout().url(SIMULATOR_PORT) + "/_sim/..."}))
      .openedInBrowserFor("a frontend confirming the card at the Stripe simulator");

  final JarComponent reservation = reservation(1);
  final JarComponent availability = availability(1);
  final JarComponent payment = payment(1);
  // The auditor reconciles against the simulator as it would against Stripe.
  final JarComponent reconciler = service("reconciler", 1, RECONCILER_PORT, "reconciler", "320m",
      ctx -> List.of("--bookiji.reconciler.stripe.enabled=true",
          "--bookiji.reconciler.stripe.api-base=" + ctx.layout().url(SIMULATOR_PORT),
          "--bookiji.reconciler.stripe.api-key=" + SIM_SECRET_KEY,
          // The console reads each instance's outbox relay from its public /actuator/prometheus.
          "--bookiji.reconciler.console.services.reservation-service=" + instanceUrls(ctx, RESERVATION_PORT),
          "--bookiji.reconciler.console.services.availability-service=" + instanceUrls(ctx, AVAILABILITY_PORT),
          "--bookiji.reconciler.console.services.payment-service=" + instanceUrls(ctx, PAYMENT_PORT),
          "--bookiji.reconciler.console.services.reconciler=" + ctx.layout().url(RECONCILER_PORT)),
      ctx -> List.<String[]>of(
          new String[] {"Ops console", ctx.layout().url(RECONCILER_PORT) + "/ops/login"
              + "  (sign in with: ./bookiji token --role OPS --subject oncall)"},
          metrics(ctx, "reconciler", RECONCILER_PORT)))
      .openedInBrowserFor("the ops console");

  /** Further instances of the scaled-out services (instance 2 and up), in start order. */
  private final List<Component> replicaInstances = new ArrayList<>();

  /** One instance of each service. */
  Stack() {
    this(1);
  }

  /**
   * {@code replicas} instances of reservation-, availability- and payment-service; the reconciler
   * stays one (it is the auditor and finance's single view, and its checks are not partitioned).
   */
  Stack(int replicas) {
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      throw new IllegalArgumentException("--replicas must be 1 to " + MAX_REPLICAS + ", not " + replicas);
    }
    this.replicas = replicas;
    for (int instance = 2; instance <= replicas; instance++) {
      replicaInstances.addAll(List.of(availability(instance), payment(instance), reservation(instance)));
    }
  }

  int replicas() { return replicas; }

  /** The base URLs of every instance of the service whose first instance listens on {@code port}. */
  private String instanceUrls(StackContext ctx, int port) {
    List<String> urls = new ArrayList<>();
    for (int instance = 1; instance <= replicas; instance++) {
      urls.add(ctx.layout().url(instancePort(port, instance)));
    }
    return String.join(",", urls);
  }

  /** The process name of instance {@code instance} of {@code service}: the first keeps the plain name. */
  static String instanceName(String service, int instance) {
    return instance == 1 ? service : service + "-" + instance;
  }

  static int instancePort(int port, int instance) {
    return port + (instance - 1) * REPLICA_PORT_STEP;
  }

  private static JarComponent reservation(int instance) {
    int port = instancePort(RESERVATION_PORT, instance);
    return service("reservation-service", instance, RESERVATION_PORT, "reservation", "384m",
        ctx -> List.of(),
        ctx -> instance == 1
            ? List.<String[]>of(
                new String[] {"Public API", ctx.layout().url(port)},
                new String[] {"OpenAPI UI", ctx.layout().url(port) + "/swagger-ui.html"},
                new String[] {"OpenAPI JSON", ctx.layout().url(port) + "/v3/api-docs"},
                metrics(ctx, "reservation", port))
            : List.<String[]>of(
                new String[] {"Public API (" + instance + ")", ctx.layout().url(port)},
                metrics(ctx, "reservation " + instance, port)))
        .openedInBrowserFor("the public API and its OpenAPI UI (/swagger-ui.html)");
  }

  private static JarComponent availability(int instance) {
    int port = instancePort(AVAILABILITY_PORT, instance);
    return service("availability-service", instance, AVAILABILITY_PORT, "availability", "320m",
        ctx -> List.of(),
        ctx -> List.<String[]>of(
            new String[] {"Vendor availability API" + (instance == 1 ? "" : " (" + instance + ")"), ctx.layout().url(port)},
            metrics(ctx, "availability" + (instance == 1 ? "" : " " + instance), port)))
        .openedInBrowserFor("the vendor availability API");
  }

  /** The simulator sends webhooks to the first instance, as Stripe sends them to one endpoint. */
  private static JarComponent payment(int instance) {
    int port = instancePort(PAYMENT_PORT, instance);
    return service("payment-service", instance, PAYMENT_PORT, "payment", "320m",
        ctx -> List.of("--bookiji.stripe.api-base=" + ctx.layout().url(SIMULATOR_PORT),
            "--bookiji.stripe.api-key=" + SIM_SECRET_KEY,
            "--bookiji.stripe.webhook-secret=" + ctx.webhookSecret()),
        ctx -> instance == 1
            ? List.<String[]>of(
                new String[] {"Stripe webhooks", ctx.layout().url(port) + "/stripe/webhooks"},
                metrics(ctx, "payment", port))
            : List.<String[]>of(
                new String[] {"Payment API (" + instance + ")", ctx.layout().url(port)},
                metrics(ctx, "payment " + instance, port)))
        .openedInBrowserFor("Stripe webhooks and the payment API");
  }

  List<Component> infrastructure() {
    return List.of(postgres, kafka, registry, simulator);
  }

  List<Component> services() {
    List<Component> services = new ArrayList<>(List.of(availability, payment, reservation, reconciler));
    services.addAll(replicaInstances);
    return services;
  }

  /** Every default port of the stack (before an offset). */
  List<Integer> defaultPorts() {
    return all().stream().flatMap(c -> c.defaultPorts().stream()).toList();
  }

  /** True when nothing listens on {@code port} on loopback. */
  static boolean portFree(int port) {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress(StackLayout.HOST, port));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The order of the "where to look" table: what a newcomer opens first, first. */
  List<Component> byInterest() {
    List<Component> order = new ArrayList<>(List.of(reservation, availability, payment));
    order.addAll(replicaInstances);
    order.addAll(List.of(reconciler, simulator, registry, kafka, postgres));
    return order;
  }

  List<Component> all() {
    List<Component> all = new ArrayList<>(infrastructure());
    all.addAll(services());
    return all;
  }

  /**
   * Ready means: the application says it is ready (readiness group), every health indicator is UP
   * (the database among them), and the outbox relay, where there is one, streams or stands by. The
   * broker was checked before any service started.
   */
  static boolean serviceReady(String base) throws java.io.IOException, InterruptedException {
    Http.Response readiness = Http.get(base + "/actuator/health/readiness");
    if (!readiness.ok()) {
      return false;
    }
    Http.Response health = Http.get(base + "/actuator/health");
    if (!health.ok()) {
      return false;
    }
    com.fasterxml.jackson.databind.JsonNode relay = health.json().path("components").path("outboxRelay");
    if (relay.isMissingNode()) {
      return true;
    }
    com.fasterxml.jackson.databind.JsonNode details = relay.path("details");
    return "STANDBY".equals(details.path("role").asText()) || details.path("streaming").asBoolean(false)
        || details.isMissingNode();
  }

  private static String[] metrics(StackContext ctx, String label, int port) {
    return new String[] {"Metrics (" + label + ")", ctx.layout().url(port) + "/actuator/prometheus"};
  }

  private static JarComponent service(String module, int instance, int firstPort, String database, String heap,
      java.util.function.Function<StackContext, List<String>> extra,
      java.util.function.Function<StackContext, List<String[]>> endpoints) {
    String name = instanceName(module, instance);
    int port = instancePort(firstPort, instance);
    return new JarComponent(name, module, module, port, heap,
        ctx -> {
          StackLayout l = ctx.layout();
          List<String> args = new ArrayList<>(List.of(
              "--server.port=" + l.port(port),
              // Consumer group members name their instance (reservation-service@reservation-service-2-0).
              "--spring.kafka.client-id=" + name,
              "--server.address=" + StackLayout.HOST,
              "--spring.datasource.url=" + PostgresComponent.jdbcUrl(l, database),
              "--spring.datasource.username=" + PostgresComponent.USER,
              "--spring.datasource.password=" + PostgresComponent.PASSWORD,
              "--spring.kafka.bootstrap-servers=" + KafkaComponent.bootstrap(l),
              // A process killed with -9 keeps its partitions until its consumers' session times
              // out (Kafka's default: 45 s); on one machine a restarted or surviving instance
              // takes them over after 10 s. Heartbeats stay at 3 s.
              "--spring.kafka.consumer.properties.session.timeout.ms=10000",
              "--bookiji.schema-registry.url=" + l.url(REGISTRY_PORT),
              "--bookiji.security.jwt.secret=" + ctx.jwtSecret(),
              "--management.endpoint.health.probes.enabled=true",
              // Loopback only: the launcher reads the relay's details to know it really streams.
              "--management.endpoint.health.show-details=always",
              "--management.endpoint.health.show-components=always"));
          args.addAll(extra.apply(ctx));
          return args;
        },
        Stack::serviceReady,
        endpoints);
  }
}
