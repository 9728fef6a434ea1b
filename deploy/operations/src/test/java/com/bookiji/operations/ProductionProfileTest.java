package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.messaging.autoconfigure.MessagingAutoConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.annotation.Bean;

@DisplayName("every service's production profile and health groups")
class ProductionProfileTest {

  static Map<String, Object> yml(String service, String file) {
    Path path = Repo.path(service).resolve("src/main/resources").resolve(file);
    assertThat(path).as(service + " has " + file).isRegularFile();
    return Repo.map(Repo.yaml(path));
  }

  static Object at(Map<String, Object> yml, String dotted) {
    Object node = yml;
    for (String key : dotted.split("\\.")) {
      node = Repo.map(node).get(key);
    }
    return node;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"availability-service", "payment-service", "reservation-service", "reconciler"})
  @DisplayName("production: actuator only on the management port the manifests probe, JWKS tokens with issuer and audience, JSON logs")
  void productionProfile(String service) {
    Map<String, Object> production = yml(service, "application-production.yml");
    assertThat(at(production, "management.server.port")).isEqualTo(9000);
    assertThat(at(production, "management.endpoint.health.show-details")).isEqualTo("always");
    assertThat(at(production, "logging.structured.format.console")).isEqualTo("ecs");
    assertThat(at(production, "bookiji.security.jwt.require-issuer-and-audience")).isEqualTo(true);
    assertThat(at(production, "bookiji.security.jwt.jwk-set-uri")).isEqualTo("${BOOKIJI_JWT_JWKS_URI}");
    assertThat(at(production, "bookiji.kafka")).as("services create no topics: the provisioning does").isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"availability-service", "payment-service", "reservation-service", "reconciler"})
  @DisplayName("the same probe groups everywhere: liveness is the process, readiness is database, Kafka with every topic, outbox relay")
  void healthGroups(String service) {
    Map<String, Object> application = yml(service, "application.yml");
    assertThat(at(application, "management.endpoint.health.probes.enabled")).isEqualTo(true);
    assertThat(at(application, "management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");
    assertThat(at(application, "management.endpoint.health.group.readiness.include")).isEqualTo(READINESS);
  }

  static final String READINESS = "readinessState,db,kafka,outboxRelay";

  @Test
  @DisplayName("every readiness member is a health contributor that exists (group membership is not validated at start)")
  void readinessMembersExist() {
    List<String> beanMethods = new ArrayList<>();
    beanMethods(MessagingAutoConfiguration.class, beanMethods);
    // readinessState and db are Spring Boot's own (probes enabled, a DataSource).
    for (String member : READINESS.split(",")) {
      if (!List.of("readinessState", "db").contains(member)) {
        assertThat(beanMethods).as("a HealthIndicator bean named " + member + "HealthIndicator").contains(member + "HealthIndicator");
      }
    }
  }

  /** The @Bean methods of a configuration class and of the configuration classes nested in it. */
  static void beanMethods(Class<?> configuration, List<String> names) {
    Arrays.stream(configuration.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Bean.class))
        .forEach(m -> names.add(m.getName()));
    Arrays.stream(configuration.getDeclaredClasses()).forEach(nested -> beanMethods(nested, names));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"availability-service", "payment-service", "reservation-service", "reconciler"})
  @DisplayName("health details are not public: only an OPS token sees them, or anyone on the unpublished management port")
  void healthDetailsNotPublic(String service) throws IOException {
    Map<String, Object> application = yml(service, "application.yml");
    assertThat(at(application, "management.endpoint.health.show-details")).isEqualTo("when-authorized");
    assertThat(at(application, "management.endpoint.health.roles")).isEqualTo("OPS");
    assertThat(at(application, "management.endpoint.health.show-components")).as("components follow the details").isNull();
    try (Stream<Path> files = Files.list(Repo.path(service).resolve("src/main/resources"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
        Map<String, Object> yml = Repo.map(Repo.yaml(file));
        if ("always".equals(String.valueOf(at(yml, "management.endpoint.health.show-details")))) {
          assertThat(at(yml, "management.server.port")).as(file + " shows details to anyone: only on a management port of its own")
              .isNotNull();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"payment-service"})
  @DisplayName("payment-service in production needs the account's Stripe credentials: no simulator default to fall back on")
  void stripeCredentialsRequired(String service) {
    Map<String, Object> production = yml(service, "application-production.yml");
    assertThat(at(production, "bookiji.stripe.require-live-credentials")).isEqualTo(true);
    assertThat(at(production, "bookiji.stripe.api-key")).isEqualTo("${STRIPE_API_KEY:}");
    assertThat(at(production, "bookiji.stripe.webhook-secret")).isEqualTo("${STRIPE_WEBHOOK_SECRET:}");
    assertThat(at(production, "bookiji.stripe.api-base")).as("no simulator address in production").isNull();
  }
}
