package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    assertThat(at(production, "bookiji.kafka.replication-factor")).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"availability-service", "payment-service", "reservation-service", "reconciler"})
  @DisplayName("the same probe groups everywhere: liveness is the process, readiness is database and outbox relay")
  void healthGroups(String service) {
    Map<String, Object> application = yml(service, "application.yml");
    assertThat(at(application, "management.endpoint.health.probes.enabled")).isEqualTo(true);
    assertThat(at(application, "management.endpoint.health.group.readiness.include")).isEqualTo("readinessState,db,outboxRelay");
    assertThat(at(application, "management.endpoint.health.group.liveness")).as("liveness stays Boot's livenessState").isNull();
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
