package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The overlays as kustomize renders them (Debian's kubectl, offline): every Deployment of a service
 * has replicas, probes on paths the service serves, resources, a PodDisruptionBudget; every port is
 * one the process listens on; every environment variable is a property the service binds; every
 * ConfigMap key, Secret key, Kafka cluster and database it refers to exists in the rendering (or is
 * documented as created by hand).
 */
@DisplayName("the Kubernetes manifests (kustomize base and overlays)")
class KubernetesManifestsTest {

  /** Secrets an operator creates by hand in production, each documented in deploy/README.md. */
  static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of("bookiji-stripe", Set.of("api-key", "webhook-secret"));

  record Rendering(String overlay, List<Map<String, Object>> resources) {
    List<Map<String, Object>> ofKind(String kind) {
      return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    Map<String, Object> named(String kind, String name) {
      return ofKind(kind).stream().filter(r -> name.equals(Repo.map(r.get("metadata")).get("name"))).findFirst()
          .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    /** A generated ConfigMap or Secret keeps its name with a hash suffix. */
    Map<String, Object> generated(String kind, String name) {
      return ofKind(kind).stream().filter(r -> {
        String n = (String) Repo.map(r.get("metadata")).get("name");
        return n.equals(name) || n.matches(java.util.regex.Pattern.quote(name) + "-[a-z0-9]{10}");
      }).findFirst().orElse(null);
    }
  }

  static Rendering render(String overlay) throws Exception {
    Path kubectl = Path.of(System.getProperty("bookiji.kubectl", "/usr/bin/kubectl"));
    Assumptions.assumeTrue(Files.isExecutable(kubectl),
        "kubectl is not installed (apt-get install kubectl, or -Dbookiji.kubectl=<path>): the overlays are not rendered");
    Process p = new ProcessBuilder(kubectl.toString(), "kustomize", Repo.path("deploy/k8s/overlays/" + overlay).toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize " + overlay).isZero();
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
      if (doc != null) {
        resources.add(Repo.map(doc));
      }
    }
    return new Rendering(overlay, resources);
  }

  static Map<String, Object> podSpec(Map<String, Object> deployment) {
    return Repo.map(Repo.map(Repo.map(deployment.get("spec")).get("template")).get("spec"));
  }

  static Map<String, Object> container(Map<String, Object> deployment) {
    List<Object> containers = Repo.list(podSpec(deployment).get("containers"));
    assertThat(containers).hasSize(1);
    return Repo.map(containers.get(0));
  }

  /** The container's environment as the pod sees it: envFrom ConfigMaps, then env (values or references). */
  static Map<String, Object> environment(Rendering r, Map<String, Object> container) {
    Map<String, Object> env = new HashMap<>();
    for (Object from : Repo.list(container.get("envFrom"))) {
      String name = (String) Repo.map(Repo.map(from).get("configMapRef")).get("name");
      Map<String, Object> configMap = r.generated("ConfigMap", name);
      assertThat(configMap).as(r.overlay() + ": envFrom ConfigMap " + name).isNotNull();
      env.putAll(Repo.map(configMap.get("data")));
    }
    for (Object e : Repo.list(container.get("env"))) {
      Map<String, Object> entry = Repo.map(e);
      env.put((String) entry.get("name"), entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
    }
    return env;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  @DisplayName("every service: replicas, resources, probes on the paths it serves, ports it listens on, a disruption budget")
  void deployments(String overlay) throws Exception {
    Rendering r = render(overlay);
    for (String service : Repo.SERVICES) {
      Map<String, Object> deployment = r.named("Deployment", service);
      Map<String, Object> spec = Repo.map(deployment.get("spec"));
      int replicas = (Integer) spec.get("replicas");
      if (service.equals("reconciler")) {
        assertThat(replicas).as("the reconciler audits as one consumer").isEqualTo(1);
        assertThat(Repo.map(spec.get("strategy")).get("type")).isEqualTo("Recreate");
      } else {
        assertThat(replicas).as(overlay + " " + service + " replicas").isGreaterThanOrEqualTo(overlay.equals("production") ? 3 : 2);
      }
      Map<String, Object> container = container(deployment);
      Map<String, Object> resources = Repo.map(container.get("resources"));
      assertThat(Repo.map(resources.get("requests"))).as(service).containsKeys("cpu", "memory");
      assertThat(Repo.map(resources.get("limits"))).as(service).containsKey("memory");

      Map<String, Object> env = environment(r, container);
      Map<String, Integer> ports = new HashMap<>();
      Repo.list(container.get("ports")).forEach(p -> ports.put((String) Repo.map(p).get("name"), (Integer) Repo.map(p).get("containerPort")));
      assertThat(ports).as(service).containsEntry("http", Integer.valueOf((String) env.get("SERVER_PORT")))
          .containsEntry("management", Integer.valueOf((String) env.get("MANAGEMENT_SERVER_PORT")));
      assertThat(probesEnabled(service)).as(service + " serves /actuator/health/liveness and /readiness").isTrue();
      if ("always".equals(env.get("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS"))) {
        assertThat(env).as(service + ": health details for anyone only on a management port of its own")
            .containsKey("MANAGEMENT_SERVER_PORT");
      }
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        Map<String, Object> get = Repo.map(Repo.map(container.get(probe)).get("httpGet"));
        assertThat(get.get("port")).as(service + " " + probe).isEqualTo("management");
        assertThat((String) get.get("path")).as(service + " " + probe)
            .isEqualTo(probe.equals("readinessProbe") ? "/actuator/health/readiness" : "/actuator/health/liveness");
      }

      Map<String, Object> podLabels = Repo.map(Repo.map(Repo.map(spec.get("template")).get("metadata")).get("labels"));
      Map<String, Object> pdb = r.named("PodDisruptionBudget", service);
      assertThat(podLabels).as(service + " PDB selects its pods")
          .containsAllEntriesOf(Repo.map(Repo.map(Repo.map(pdb.get("spec")).get("selector")).get("matchLabels")));
      Map<String, Object> k8sService = r.named("Service", service);
      for (Object port : Repo.list(Repo.map(k8sService.get("spec")).get("ports"))) {
        assertThat(ports).as(service + " Service targetPort").containsKey((String) Repo.map(port).get("targetPort"));
        assertThat(Repo.map(port).get("targetPort")).as(service + ": the Service does not publish the management port")
            .isNotEqualTo("management");
      }
      assertThat(podLabels).containsAllEntriesOf(Repo.map(Repo.map(k8sService.get("spec")).get("selector")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  @DisplayName("every environment variable is a property the service binds; every ConfigMap and Secret key it reads exists")
  void configuration(String overlay) throws Exception {
    Rendering r = render(overlay);
    for (String service : Repo.SERVICES) {
      Map<String, Object> env = environment(r, container(r.named("Deployment", service)));
      env.forEach((variable, value) -> {
        assertThat(ServiceProperties.reads(service, variable)).as(overlay + ": " + service + " reads " + variable).isTrue();
        Map<String, Object> from = value instanceof Map<?, ?> ? Repo.map(value) : Map.of();
        if (from.containsKey("configMapKeyRef")) {
          Map<String, Object> ref = Repo.map(from.get("configMapKeyRef"));
          Map<String, Object> configMap = r.generated("ConfigMap", (String) ref.get("name"));
          assertThat(configMap).as(overlay + ": ConfigMap " + ref.get("name")).isNotNull();
          assertThat(Repo.map(configMap.get("data"))).as(overlay + ": " + variable).containsKey((String) ref.get("key"));
        }
        if (from.containsKey("secretKeyRef")) {
          Map<String, Object> ref = Repo.map(from.get("secretKeyRef"));
          assertThat(secretHasKey(r, (String) ref.get("name"), (String) ref.get("key")))
              .as(overlay + ": " + service + " reads key " + ref.get("key") + " of secret " + ref.get("name")).isTrue();
        }
      });
      if (overlay.equals("production")) {
        assertThat(env).as(service).containsEntry("SPRING_PROFILES_ACTIVE", "production");
      }
    }
    String readme = Repo.read("deploy/README.md");
    EXTERNAL_SECRETS.forEach((name, keys) -> assertThat(readme).as("deploy/README.md documents secret " + name).contains(name));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  @DisplayName("the Kafka and the databases the services point at exist: a Strimzi KRaft cluster, CloudNativePG clusters with logical replication")
  void engines(String overlay) throws Exception {
    Rendering r = render(overlay);
    Map<String, Object> common = Repo.map(r.generated("ConfigMap", "bookiji-common").get("data"));
    String bootstrap = (String) common.get("SPRING_KAFKA_BOOTSTRAPSERVERS");
    assertThat(bootstrap).matches("[a-z-]+-kafka-bootstrap:9092");
    Map<String, Object> kafka = r.named("Kafka", bootstrap.substring(0, bootstrap.indexOf("-kafka-bootstrap")));
    assertThat(Repo.map(Repo.map(kafka.get("metadata")).get("annotations"))).containsEntry("strimzi.io/kraft", "enabled");
    Map<String, Object> kafkaSpec = Repo.map(Repo.map(kafka.get("spec")).get("kafka"));
    assertThat(Repo.list(kafkaSpec.get("listeners"))).anyMatch(l -> Integer.valueOf(9092).equals(Repo.map(l).get("port"))
        && Boolean.FALSE.equals(Repo.map(l).get("tls")));
    Map<String, Object> kafkaConfig = Repo.map(kafkaSpec.get("config"));
    assertThat(kafkaConfig.get("auto.create.topics.enable")).isEqualTo(false);
    Map<String, Object> topics = Repo.map(r.generated("ConfigMap", "bookiji-topics").get("data"));
    assertThat(String.valueOf(kafkaConfig.get("default.replication.factor"))).isEqualTo(topics.get("BOOKIJI_KAFKA_REPLICATIONFACTOR"));
    assertThat(String.valueOf(kafkaConfig.get("min.insync.replicas"))).isEqualTo(topics.get("BOOKIJI_KAFKA_MININSYNCREPLICAS"));
    int brokers = r.ofKind("KafkaNodePool").stream().filter(p -> Repo.list(Repo.map(p.get("spec")).get("roles")).contains("broker"))
        .mapToInt(p -> (Integer) Repo.map(p.get("spec")).get("replicas")).sum();
    assertThat(brokers).isGreaterThanOrEqualTo(Integer.parseInt((String) topics.get("BOOKIJI_KAFKA_REPLICATIONFACTOR")));

    Map<String, Object> urls = Repo.map(r.generated("ConfigMap", "bookiji-databases").get("data"));
    for (Object u : urls.values()) {
      String url = (String) u;
      String host = url.substring("jdbc:postgresql://".length(), url.indexOf(':', "jdbc:postgresql://".length()));
      assertThat(host).as(url).endsWith("-rw");
      Map<String, Object> cluster = r.named("Cluster", host.substring(0, host.length() - 3));
      Map<String, Object> spec = Repo.map(cluster.get("spec"));
      assertThat(Repo.map(Repo.map(spec.get("postgresql")).get("parameters"))).containsEntry("wal_level", "logical");
      Map<String, Object> initdb = Repo.map(Repo.map(spec.get("bootstrap")).get("initdb"));
      assertThat(url).endsWith("/" + initdb.get("database"));
      assertThat(Repo.list(Repo.map(spec.get("managed")).get("roles"))).as(host + ": the owner may replicate")
          .anyMatch(role -> initdb.get("owner").equals(Repo.map(role).get("name")) && Boolean.TRUE.equals(Repo.map(role).get("replication")));
      if (overlay.equals("production")) {
        assertThat((Integer) spec.get("instances")).isGreaterThanOrEqualTo(3);
        assertThat(Repo.map(Repo.map(spec.get("replicationSlots")).get("highAvailability"))).containsEntry("enabled", true);
        assertThat(Repo.map(Repo.map(spec.get("postgresql")).get("parameters"))).containsEntry("sync_replication_slots", "on");
        assertThat(common).as("the relays create fail-over slots").containsEntry("BOOKIJI_OUTBOX_RELAY_DEBEZIUM_SLOT_FAILOVER", "true");
        assertThat(String.valueOf(spec.get("imageName"))).as("fail-over slots need PostgreSQL 17").contains("postgresql:17");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"local", "production"})
  @DisplayName("a Job provisions the topics from a service image, with the overlay's replication factor; no service is told one")
  void topicsJob(String overlay) throws Exception {
    Rendering r = render(overlay);
    Map<String, Object> job = r.named("Job", "bookiji-topics");
    Map<String, Object> pod = podSpec(job);
    assertThat(pod.get("restartPolicy")).isEqualTo("OnFailure");
    assertThat(Repo.map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true);
    Map<String, Object> container = container(job);
    String image = (String) container.get("image");
    assertThat(Repo.SERVICES).as(overlay + ": the Job's image " + image + " is a service image")
        .anyMatch(service -> image.matches("(.*/)?" + service + ":[^:]+"));
    TopicProvisioningCommand.assertRunsProvisioning(overlay + " Job bookiji-topics", Repo.list(container.get("command")));
    Map<String, Object> env = environment(r, container);
    TopicProvisioningCommand.assertConfigured(overlay + " Job bookiji-topics", env.keySet());
    assertThat(Repo.map(Repo.map(container.get("resources")).get("limits"))).containsKey("memory");
    for (String service : Repo.SERVICES) {
      assertThat(environment(r, container(r.named("Deployment", service)))).as(overlay + ": " + service + " creates no topics")
          .doesNotContainKeys("BOOKIJI_KAFKA_REPLICATIONFACTOR", "BOOKIJI_KAFKA_MININSYNCREPLICAS");
    }
  }

  static boolean secretHasKey(Rendering r, String name, String key) {
    Map<String, Object> secret = r.generated("Secret", name);
    if (secret != null) {
      return Repo.map(secret.get("data")).containsKey(key) || Repo.map(secret.get("stringData")).containsKey(key);
    }
    if (name.endsWith("-app") && Set.of("username", "password").contains(key)) {
      return r.ofKind("Cluster").stream().anyMatch(c -> (name.substring(0, name.length() - 4))
          .equals(Repo.map(c.get("metadata")).get("name")));
    }
    return EXTERNAL_SECRETS.getOrDefault(name, Set.of()).contains(key);
  }

  static boolean probesEnabled(String service) {
    Map<String, Object> yml = Repo.map(Repo.yaml(Repo.path(service).resolve("src/main/resources/application.yml")));
    Object enabled = Repo.map(Repo.map(Repo.map(Repo.map(yml.get("management")).get("endpoint")).get("health")).get("probes")).get("enabled");
    return Boolean.TRUE.equals(enabled);
  }
}
