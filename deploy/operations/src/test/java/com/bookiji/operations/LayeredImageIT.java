package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.topics.TopicPlan;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No base image can be pulled here, so this test does what the image does without the image: the
 * build stage's extract, the COPY of every layer into one directory, and the ENTRYPOINT's
 * {@code java org.springframework.boot.loader.launch.JarLauncher} in that directory, configured only
 * through environment variables as compose and Kubernetes configure it — against the real broker,
 * PostgreSQL (logical replication) and schema registry.
 */
@DisplayName("a service starts from its extracted layers the way its image runs it")
class LayeredImageIT {

  static final Duration STARTUP = Duration.ofMinutes(4);

  @Test
  @DisplayName("availability-service, extracted and assembled layer by layer, becomes ready (database, outbox relay) and serves Prometheus metrics")
  void availabilityServiceStartsFromLayers(@TempDir Path dir) throws Exception {
    int port = freePort();
    Map<String, String> env = infrastructureEnvironment("image", dir);
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("BOOKIJI_SECURITY_JWT_SECRET", "layered-image-test-secret-of-at-least-32-bytes");
    Process service = startFromLayers("availability-service", env, dir);
    try {
      HttpClient http = HttpClient.newHttpClient();
      await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> {
        if (!service.isAlive()) {
          throw new AssertionError("the service exited with " + service.exitValue() + ":\n" + tail(dir.resolve("service.log")));
        }
        return status(http, port, "/actuator/health/readiness") == 200;
      });
      assertThat(status(http, port, "/actuator/health/liveness")).isEqualTo(200);
      String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("bookiji_availability_holds_active", "bookiji_outbox_relay_active");
    } finally {
      stop(service);
    }
  }

  @Test
  @DisplayName("payment-service in the production profile without the Stripe secrets stops at start, naming them — no fall-back to the simulator")
  void paymentServiceRefusesProductionWithoutStripeSecrets(@TempDir Path dir) throws Exception {
    Map<String, String> env = infrastructureEnvironment("imageprod", dir);
    env.put("SPRING_PROFILES_ACTIVE", "production");
    env.put("SERVER_PORT", Integer.toString(freePort()));
    env.put("MANAGEMENT_SERVER_PORT", Integer.toString(freePort()));
    env.put("BOOKIJI_JWT_JWKS_URI", "http://127.0.0.1:9/jwks.json");
    env.put("BOOKIJI_JWT_ISSUER", "https://issuer.example");
    env.put("BOOKIJI_JWT_AUDIENCE", "bookiji");
    Process service = startFromLayers("payment-service", env, dir);
    try {
      assertThat(service.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).as("the service stops by itself").isTrue();
      assertThat(service.exitValue()).isNotZero();
      assertThat(Files.readString(dir.resolve("service.log")))
          .contains("Stripe credentials missing", "BOOKIJI_STRIPE_APIKEY", "BOOKIJI_STRIPE_WEBHOOKSECRET",
              "Refusing to start rather than fall back to the Stripe simulator");
    } finally {
      stop(service);
    }
  }

  @Test
  @DisplayName("the topic provisioning runs from the reconciler's layers as compose and the Kubernetes Job run it: quiet, every topic as planned")
  void topicProvisioningRunsFromLayers(@TempDir Path dir) throws Exception {
    Path application = LayeredJars.assemble(LayeredJars.extract(LayeredJars.executableJar("reconciler"), dir),
        ImagesTest.copiedLayers(), dir.resolve("application"));
    List<String> command = new ArrayList<>(TopicProvisioningCommand.COMMAND);
    command.set(0, LayeredJars.java());
    ProcessBuilder builder = new ProcessBuilder(command).directory(application.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("provisioning.log").toFile());
    builder.environment().remove("CLASSPATH");
    builder.environment().put("SPRING_KAFKA_BOOTSTRAPSERVERS", TestInfrastructure.shared().bootstrapServers());
    builder.environment().put("BOOKIJI_KAFKA_REPLICATIONFACTOR", "1");
    builder.environment().put("BOOKIJI_KAFKA_MININSYNCREPLICAS", "1");
    builder.environment().put("JDK_JAVA_OPTIONS", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    Process provisioning = builder.start();
    try {
      assertThat(provisioning.waitFor(2, TimeUnit.MINUTES)).as("the provisioning ends by itself").isTrue();
      String log = Files.readString(dir.resolve("provisioning.log"));
      assertThat(provisioning.exitValue()).as(log).isZero();
      assertThat(log).contains("availability.events-dlt", TopicPlan.catalogueNames().size() + " topics as planned")
          .doesNotContain(" DEBUG ");
    } finally {
      stop(provisioning);
    }
  }

  /** The database, broker and registry, as environment variables (the only way the images are configured). */
  static Map<String, String> infrastructureEnvironment(String database, Path dir) {
    TestInfrastructure infra = TestInfrastructure.shared();
    TestDatabase db = infra.createDatabase(database);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPRING_DATASOURCE_URL", db.jdbcUrl());
    env.put("SPRING_DATASOURCE_USERNAME", db.username());
    env.put("SPRING_DATASOURCE_PASSWORD", db.password());
    env.put("SPRING_KAFKA_BOOTSTRAPSERVERS", infra.bootstrapServers());
    env.put("BOOKIJI_SCHEMAREGISTRY_URL", infra.schemaRegistryUrl());
    env.put("JDK_JAVA_OPTIONS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir=" + dir);
    return env;
  }

  /** The image's build stage and COPY steps, then its ENTRYPOINT, in the assembled directory. */
  static Process startFromLayers(String module, Map<String, String> env, Path dir) throws Exception {
    Path jar = LayeredJars.executableJar(module);
    Path application = LayeredJars.assemble(LayeredJars.extract(jar, dir), ImagesTest.copiedLayers(),
        dir.resolve("application"));
    assertThat(application.resolve("BOOT-INF/lib")).isDirectory();
    assertThat(application.resolve("org/springframework/boot/loader/launch/JarLauncher.class")).isRegularFile();
    ProcessBuilder builder = new ProcessBuilder(LayeredJars.java(), "org.springframework.boot.loader.launch.JarLauncher")
        .directory(application.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
    builder.environment().remove("CLASSPATH");
    builder.environment().putAll(env);
    return builder.start();
  }

  static void stop(Process service) throws InterruptedException {
    service.destroy();
    if (!service.waitFor(30, TimeUnit.SECONDS)) {
      service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static int status(HttpClient http, int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static String tail(Path log) throws IOException {
    String text = Files.readString(log);
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }
}
