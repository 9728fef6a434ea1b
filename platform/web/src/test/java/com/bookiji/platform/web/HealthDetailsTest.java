package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health as every service configures it on its public port (deploy/operations'
 * ProductionProfileTest checks that they do): the status for anyone (probes need no token), the
 * components and their details only for an OPS token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.endpoint.health.show-details=when-authorized",
    "management.endpoint.health.roles=OPS",
    "management.endpoint.health.probes.enabled=true",
    "management.endpoint.health.group.readiness.include=readinessState,ping"})
@DisplayName("health details are not public")
class HealthDetailsTest {

  @LocalServerPort int port;

  final HttpClient http = HttpClient.newHttpClient();
  final TokenMinter minter = new TokenMinter(ProblemAndAuthTest.SECRET);

  JsonNode health(String path, Role role) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (role != null) {
      request.header("Authorization", "Bearer "
          + minter.mint(new Actor("someone", role), Duration.ofMinutes(5)));
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JsonMapper.builder().build().readTree(response.body());
  }

  @Test
  @DisplayName("an anonymous caller gets the status only, on the health endpoint and on the probes")
  void anonymousGetsStatusOnly() throws Exception {
    for (String path : new String[] {"/actuator/health", "/actuator/health/readiness",
        "/actuator/health/liveness"}) {
      JsonNode body = health(path, null);
      assertThat(body.get("status").asString()).as(path).isEqualTo("UP");
      assertThat(body.has("components")).as(path + ": " + body).isFalse();
      assertThat(body.has("details")).as(path + ": " + body).isFalse();
    }
  }

  @Test
  @DisplayName("a token without the OPS role gets the status only")
  void otherRolesGetStatusOnly() throws Exception {
    JsonNode body = health("/actuator/health", Role.REQUESTER);
    assertThat(body.has("components")).as(body.toString()).isFalse();
  }

  @Test
  @DisplayName("an OPS token sees every component and its details")
  void opsSeesDetails() throws Exception {
    JsonNode body = health("/actuator/health", Role.OPS);
    assertThat(body.path("components").path("diskSpace").path("details").has("free"))
        .as(body.toString()).isTrue();
    assertThat(health("/actuator/health/readiness", Role.OPS).path("components").has("ping")).isTrue();
  }
}
