package com.bookiji.schemas.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The operators' topic provisioning: creates every catalogue topic and its {@code -dlt} twin,
 * run once per deployment as a Kubernetes Job or a compose one-shot service, before the services
 * (which only check that the topics exist). Options win over the environment variables:
 * <pre>
 * --bootstrap-servers h:9092     SPRING_KAFKA_BOOTSTRAPSERVERS       (required)
 * --replication-factor 3         BOOKIJI_KAFKA_REPLICATIONFACTOR     (required)
 * --min-insync-replicas 2        BOOKIJI_KAFKA_MININSYNCREPLICAS     (default: replication factor - 1, at least 1)
 * --increase-partitions          BOOKIJI_KAFKA_INCREASEPARTITIONS=true  (add partitions to topics that have fewer than planned)
 * --admin-config file            BOOKIJI_KAFKA_ADMINCONFIG           (AdminClient properties: TLS, SASL)
 * --timeout-seconds 120          BOOKIJI_KAFKA_TIMEOUTSECONDS        (how long to wait for the cluster)
 * </pre>
 * Exit status: 0 when every topic is as planned, 1 when a topic is not (and was not changed:
 * fewer partitions, another replication factor), 2 on bad options or an unreachable cluster.
 */
public final class ProvisionTopics {

  /** The environment variables read, for the deployment files' tests. */
  public static final List<String> ENVIRONMENT = List.of("SPRING_KAFKA_BOOTSTRAPSERVERS",
      "BOOKIJI_KAFKA_REPLICATIONFACTOR", "BOOKIJI_KAFKA_MININSYNCREPLICAS",
      "BOOKIJI_KAFKA_INCREASEPARTITIONS", "BOOKIJI_KAFKA_ADMINCONFIG",
      "BOOKIJI_KAFKA_TIMEOUTSECONDS");

  record Options(String bootstrapServers, short replicationFactor, int minInsyncReplicas,
      boolean increasePartitions, Path adminConfig, Duration timeout) {

    static Options parse(String[] args, Map<String, String> environment) {
      Map<String, String> given = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--increase-partitions")) {
          given.put(name, "true");
        } else if (List.of("--bootstrap-servers", "--replication-factor", "--min-insync-replicas",
            "--admin-config", "--timeout-seconds").contains(name)) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
          }
          given.put(name, args[++i]);
        } else {
          throw new IllegalArgumentException("unknown option " + name);
        }
      }
      String bootstrap = value(given, environment, "--bootstrap-servers", "SPRING_KAFKA_BOOTSTRAPSERVERS");
      String replication = value(given, environment, "--replication-factor", "BOOKIJI_KAFKA_REPLICATIONFACTOR");
      if (bootstrap == null) {
        throw new IllegalArgumentException("--bootstrap-servers (or SPRING_KAFKA_BOOTSTRAPSERVERS) is required");
      }
      if (replication == null) {
        throw new IllegalArgumentException("--replication-factor (or BOOKIJI_KAFKA_REPLICATIONFACTOR)"
            + " is required: 3 in production, 1 on a single broker");
      }
      short replicationFactor = (short) number("--replication-factor", replication);
      String minIsr = value(given, environment, "--min-insync-replicas", "BOOKIJI_KAFKA_MININSYNCREPLICAS");
      String adminConfig = value(given, environment, "--admin-config", "BOOKIJI_KAFKA_ADMINCONFIG");
      String timeout = value(given, environment, "--timeout-seconds", "BOOKIJI_KAFKA_TIMEOUTSECONDS");
      return new Options(bootstrap, replicationFactor,
          minIsr == null ? Math.max(1, replicationFactor - 1) : number("--min-insync-replicas", minIsr),
          Boolean.parseBoolean(value(given, environment, "--increase-partitions",
              "BOOKIJI_KAFKA_INCREASEPARTITIONS")),
          adminConfig == null || adminConfig.isBlank() ? null : Path.of(adminConfig),
          Duration.ofSeconds(timeout == null ? 120 : number("--timeout-seconds", timeout)));
    }

    private static String value(Map<String, String> given, Map<String, String> environment,
        String option, String variable) {
      String value = given.getOrDefault(option, environment.get(variable));
      return value == null || value.isBlank() ? null : value.trim();
    }

    private static int number(String option, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " must be a whole number, got " + value);
      }
    }

    Map<String, Object> adminProperties() throws IOException {
      Map<String, Object> properties = new HashMap<>();
      if (adminConfig != null) {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(adminConfig)) {
          file.load(in);
        }
        file.forEach((k, v) -> properties.put(String.valueOf(k), v));
      }
      properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
      properties.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "bookiji-topic-provisioning");
      return properties;
    }
  }

  private ProvisionTopics() { }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    Options options;
    List<PlannedTopic> plan;
    try {
      options = Options.parse(args, environment);
      plan = TopicPlan.catalogue(options.replicationFactor(), options.minInsyncReplicas());
    } catch (IllegalArgumentException e) {
      err.println("bad options: " + e.getMessage());
      return 2;
    }
    try (Admin admin = Admin.create(options.adminProperties())) {
      ProvisioningReport report = new TopicProvisioner(admin, options.timeout())
          .provision(plan, options.increasePartitions());
      report.entries().forEach(out::println);
      if (!report.isComplete()) {
        err.println(report.problems().size() + " topic(s) are not as planned and were left as"
            + " they are:");
        report.problems().forEach(err::println);
        return 1;
      }
      out.println(plan.size() + " topics as planned on " + options.bootstrapServers());
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("topic provisioning failed: " + e.getMessage());
      return 2;
    }
  }
}
