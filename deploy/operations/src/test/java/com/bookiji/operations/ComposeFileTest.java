package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.support.SpringApplicationJsonEnvironmentPostProcessor;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

@DisplayName("deploy/compose/docker-compose.yml")
class ComposeFileTest {

  static final Path COMPOSE_DIR = Repo.path("deploy/compose");
  static final Map<String, Object> COMPOSE = Repo.map(Repo.yaml(COMPOSE_DIR.resolve("docker-compose.yml")));
  static final Map<String, Object> SERVICES = Repo.map(COMPOSE.get("services"));

  /** The Bookiji image a compose service runs, or null for a third-party image. */
  static String bookijiImage(Map<String, Object> service) {
    String image = (String) service.get("image");
    for (String name : LayeredJars.IMAGES) {
      if (image.matches("\\$\\{BOOKIJI_REGISTRY:-bookiji}/" + name + ":\\$\\{BOOKIJI_TAG:-[^}]+}")) {
        return name;
      }
    }
    return null;
  }

  static Map<String, Object> service(String name) {
    return Repo.map(SERVICES.get(name));
  }

  static Map<String, Object> env(String name) {
    return Repo.map(service(name).get("environment"));
  }

  @Test
  @DisplayName("runs Kafka, one PostgreSQL per service, the registry, the simulator, the services, Prometheus and Grafana")
  void everythingIsThere() {
    assertThat(SERVICES).containsKeys("kafka", "availability-db", "payment-db", "reservation-db",
        "reconciler-db", "schema-registry", "stripe-simulator", "prometheus", "grafana");
    assertThat(SERVICES.values().stream().map(s -> bookijiImage(Repo.map(s))).filter(i -> i != null).distinct().toList())
        .containsExactlyInAnyOrderElementsOf(LayeredJars.IMAGES);
  }

  @Test
  @DisplayName("a one-shot service provisions the topics from a service image; every service starts only after it succeeded")
  void topicsProvisionedOnce() {
    Map<String, Object> topics = service("topics");
    assertThat(Repo.SERVICES).as("the provisioning runs from a service image").contains(bookijiImage(topics));
    TopicProvisioningCommand.assertRunsProvisioning("compose service topics", Repo.list(topics.get("entrypoint")));
    TopicProvisioningCommand.assertConfigured("compose service topics", env("topics").keySet());
    assertThat(env("topics").get("SPRING_KAFKA_BOOTSTRAPSERVERS")).isEqualTo("kafka:9092");
    assertThat(env("topics").get("BOOKIJI_KAFKA_REPLICATIONFACTOR")).as("one broker").isEqualTo("1");
    assertThat(topics.get("restart")).isEqualTo("no");
    assertThat(Repo.map(topics.get("depends_on"))).containsEntry("kafka", Map.of("condition", "service_healthy"));
    for (String service : Repo.SERVICES) {
      assertThat(Repo.map(service(service).get("depends_on"))).as(service)
          .containsEntry("topics", Map.of("condition", "service_completed_successfully"));
    }
  }

  @Test
  @DisplayName("every image is one deploy/images builds, or a third-party image pinned to a version")
  void images() {
    SERVICES.forEach((name, s) -> {
      Map<String, Object> service = Repo.map(s);
      String image = (String) service.get("image");
      assertThat(image).as(name + " has an image").isNotBlank();
      if (bookijiImage(service) == null) {
        assertThat(image).as(name + ": a third-party image with a version tag").matches("[a-z0-9./-]+:v?[0-9][0-9.]*");
      }
    });
  }

  @Test
  @DisplayName("Kafka runs in KRaft mode without automatic topic creation")
  void kafkaKraft() {
    Map<String, Object> kafka = env("kafka");
    assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
        .containsKey("KAFKA_CONTROLLER_QUORUM_VOTERS").containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    assertThat((String) kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("kafka:9092");
  }

  @Test
  @DisplayName("each service's database is its own PostgreSQL with wal_level=logical for the outbox relay")
  void databasesPerService() {
    for (String service : Repo.SERVICES) {
      String url = (String) env(service).get("SPRING_DATASOURCE_URL");
      assertThat(url).as(service).matches("jdbc:postgresql://[a-z-]+:5432/[a-z]+");
      String host = url.substring("jdbc:postgresql://".length(), url.indexOf(':', "jdbc:postgresql://".length()));
      assertThat(host).as(service + " database").isEqualTo(service.replace("-service", "") + "-db");
      Map<String, Object> db = service(host);
      assertThat(Repo.list(db.get("command"))).as(host).contains("wal_level=logical");
      assertThat(env(host).get("POSTGRES_DB")).isEqualTo(url.substring(url.lastIndexOf('/') + 1));
      assertThat(env(host).get("POSTGRES_USER")).isEqualTo(env(service).get("SPRING_DATASOURCE_USERNAME"));
      assertThat(Repo.map(service(service).get("depends_on"))).as(service).containsKeys(host, "kafka", "schema-registry");
    }
  }

  @Test
  @DisplayName("every environment variable of a Bookiji service is a property that service binds")
  void environmentVariablesExist() {
    assertThat(ServiceProperties.springBootVariables()).as("Spring Boot's metadata is on the classpath")
        .contains("SPRING_DATASOURCE_URL", "SPRING_KAFKA_BOOTSTRAPSERVERS", "MANAGEMENT_SERVER_PORT", "SERVER_PORT");
    assertThat(ServiceProperties.reads("payment-service", "BOOKIJI_STRIPE_PUBLISHABLEKEY"))
        .as("a made-up variable is refused").isFalse();
    assertThat(ServiceProperties.readsJson("reconciler", "{\"bookiji.reconciler.console.nothing\": 1}"))
        .as("a made-up property in SPRING_APPLICATION_JSON is refused").isFalse();
    for (String service : Repo.SERVICES) {
      for (Map.Entry<String, Object> variable : env(service).entrySet()) {
        boolean reads = variable.getKey().equals("SPRING_APPLICATION_JSON")
            ? ServiceProperties.readsJson(service, String.valueOf(variable.getValue()))
            : ServiceProperties.reads(service, variable.getKey());
        assertThat(reads).as(service + " reads " + variable.getKey()).isTrue();
      }
    }
  }

  @Test
  @DisplayName("the ops console reads every service's outbox relay at its management port")
  void consoleReadsEveryRelay() {
    // As the reconciler binds it: Spring Boot's own JSON post-processor, then the console's properties.
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            Map.of("SPRING_APPLICATION_JSON", env("reconciler").get("SPRING_APPLICATION_JSON"))));
    new SpringApplicationJsonEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
    // The type of the reconciler's ConsoleProperties.services (its jar is not a library to compile against).
    Bindable<Map<String, List<URI>>> services = Bindable.of(ResolvableType.forClassWithGenerics(Map.class,
        ResolvableType.forClass(String.class), ResolvableType.forClassWithGenerics(List.class, URI.class)));
    Map<String, List<URI>> bound = Binder.get(environment).bind("bookiji.reconciler.console.services", services).get();
    assertThat(bound).containsOnlyKeys(Repo.SERVICES);
    for (String service : Repo.SERVICES) {
      String port = String.valueOf(env(service).getOrDefault("MANAGEMENT_SERVER_PORT",
          Repo.map(COMPOSE.get("x-service-env")).get("MANAGEMENT_SERVER_PORT")));
      assertThat(bound.get(service)).as(service).containsExactly(URI.create("http://" + service + ":" + port));
    }
  }

  @Test
  @DisplayName("published ports are the ports the processes listen on; Prometheus scrapes every service's management port")
  void ports() {
    for (String service : Repo.SERVICES) {
      String port = (String) env(service).get("SERVER_PORT");
      assertThat(Repo.list(service(service).get("ports"))).as(service).containsExactly(port + ":" + port);
      assertThat(env(service).get("MANAGEMENT_SERVER_PORT")).as(service).isEqualTo("9000");
      assertThat(env(service).get("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS")).as(service + ": details for anyone only on the"
          + " unpublished management port").isEqualTo("always");
      assertThat(Repo.list(service(service).get("ports"))).as(service).noneMatch(p -> ((String) p).contains("9000"));
    }
    for (String process : List.of("schema-registry", "stripe-simulator")) {
      List<Object> command = Repo.list(service(process).get("command"));
      String port = (String) command.get(command.indexOf("--port") + 1);
      assertThat(Repo.list(service(process).get("ports"))).as(process).containsExactly(port + ":" + port);
      assertThat(command).as(process + " listens beyond loopback").containsSequence("--host", "0.0.0.0");
    }
    assertThat(env("payment-service").get("BOOKIJI_STRIPE_APIBASE")).isEqualTo("http://stripe-simulator:12111");
    assertThat(env("availability-service").get("BOOKIJI_SCHEMAREGISTRY_URL")).isEqualTo("http://schema-registry:8081");
    List<Object> simulator = Repo.list(service("stripe-simulator").get("command"));
    assertThat(simulator.get(simulator.indexOf("--webhook-url") + 1))
        .isEqualTo("http://payment-service:" + env("payment-service").get("SERVER_PORT") + "/stripe/webhooks");

    Map<String, Object> prometheus = Repo.map(Repo.yaml(Repo.path("deploy/observability/prometheus/prometheus-compose.yml")));
    List<String> targets = new ArrayList<>();
    for (Object job : Repo.list(prometheus.get("scrape_configs"))) {
      assertThat(Repo.map(job).get("metrics_path")).isEqualTo("/actuator/prometheus");
      for (Object sc : Repo.list(Repo.map(job).get("static_configs"))) {
        Repo.list(Repo.map(sc).get("targets")).forEach(t -> targets.add((String) t));
      }
    }
    assertThat(targets).containsExactlyInAnyOrderElementsOf(Repo.SERVICES.stream().map(s -> s + ":9000").toList());
    assertThat(Repo.list(prometheus.get("rule_files"))).containsExactly("alerts.yml");
  }

  @Test
  @DisplayName("every bind mount exists, every named volume is declared, Prometheus and Grafana get their files where they read them")
  void volumes() {
    Set<String> declared = Repo.map(COMPOSE.get("volumes")).keySet();
    SERVICES.forEach((name, s) -> {
      for (Object v : Repo.list(Repo.map(s).get("volumes"))) {
        String[] parts = ((String) v).split(":");
        if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
          assertThat(COMPOSE_DIR.resolve(parts[0]).normalize()).as(name + " mounts " + parts[0]).exists();
        } else {
          assertThat(declared).as(name + " uses volume " + parts[0]).contains(parts[0]);
        }
      }
      for (Object dependency : dependencies(Repo.map(s))) {
        assertThat(SERVICES).as(name + " depends on " + dependency).containsKey((String) dependency);
      }
    });
    List<Object> prometheusCommand = Repo.list(service("prometheus").get("command"));
    assertThat(prometheusCommand).contains("--config.file=/etc/prometheus/prometheus-compose.yml");
    assertThat(Repo.list(service("prometheus").get("volumes"))).contains("../observability/prometheus:/etc/prometheus:ro");
    assertThat(Files.isRegularFile(Repo.path("deploy/observability/prometheus/prometheus-compose.yml"))).isTrue();
    assertThat(Repo.list(service("grafana").get("volumes"))).contains(
        "../observability/grafana/provisioning:/etc/grafana/provisioning:ro",
        "../observability/grafana/dashboards:/var/lib/grafana/dashboards/bookiji:ro");
    assertThat(env("grafana").get("PROMETHEUS_URL")).isEqualTo("http://prometheus:9090");
  }

  static List<Object> dependencies(Map<String, Object> service) {
    Object d = service.get("depends_on");
    if (d instanceof Map<?, ?> m) {
      return new ArrayList<>(m.keySet());
    }
    return Repo.list(d);
  }
}
