package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the provisioned Grafana dashboards")
class GrafanaDashboardsTest {

  static final Path GRAFANA = Repo.path("deploy/observability/grafana");
  static final Set<String> REQUIRED = Set.of("bookiji-kafka", "bookiji-saga", "bookiji-payments",
      "bookiji-holds", "bookiji-findings");
  static Map<Path, JsonNode> dashboards = new LinkedHashMap<>();

  @BeforeAll
  static void read() throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        dashboards.put(f, json.readTree(f.toFile()));
      }
    }
  }

  @Test
  @DisplayName("the dashboards on-call needs exist: topic and consumer-group lag, saga flow, payments and Stripe, holds, findings")
  void requiredDashboardsExist() {
    assertThat(dashboards.values()).extracting(d -> d.path("uid").asText()).containsAll(new ArrayList<>(REQUIRED))
        .doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("each dashboard is well formed: title, unique panel ids, panels inside the 24-column grid, the provisioned datasource")
  void structure() {
    String datasourceUid = (String) Repo.map(Repo.list(Repo.map(Repo.yaml(
        GRAFANA.resolve("provisioning/datasources/prometheus.yml"))).get("datasources")).get(0)).get("uid");
    dashboards.forEach((file, d) -> {
      assertThat(d.path("title").asText()).as(file + " title").isNotBlank();
      assertThat(d.path("schemaVersion").asInt()).as(file + " schemaVersion").isPositive();
      JsonNode panels = d.path("panels");
      assertThat(panels.isArray() && panels.size() > 0).as(file + " has panels").isTrue();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : panels) {
        String where = file.getFileName() + " / " + p.path("title").asText();
        assertThat(ids.add(p.path("id").asInt())).as(where + ": panel id unique").isTrue();
        JsonNode grid = p.path("gridPos");
        assertThat(grid.path("w").asInt()).as(where).isPositive();
        assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where + " fits the grid").isLessThanOrEqualTo(24);
        assertThat(p.path("datasource").path("uid").asText()).as(where + " datasource").isEqualTo(datasourceUid);
        Set<String> refIds = new HashSet<>();
        assertThat(p.path("targets").size()).as(where + " has queries").isPositive();
        for (JsonNode t : p.path("targets")) {
          assertThat(refIds.add(t.path("refId").asText())).as(where + " refId unique").isTrue();
          assertThat(t.path("expr").asText()).as(where + " expr").isNotBlank();
        }
      }
    });
  }

  @Test
  @DisplayName("every metric a query reads is listed in docs/metrics.md")
  void everyMetricIsCatalogued() {
    MetricsCatalogue catalogue = MetricsCatalogue.read();
    expressions().forEach((where, expr) -> {
      for (String metric : PromQl.metricNames(expr)) {
        assertThat(catalogue.lists(metric)).as(where + " reads " + metric).isTrue();
      }
    });
  }

  @Test
  @DisplayName("every query is valid PromQL (promtool parses them as recording rules)")
  void queriesParse(@TempDir Path dir) throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    int n = 0;
    for (String expr : expressions().values()) {
      rules.append("      - record: dashboard_query_").append(n++).append("\n        expr: ")
          .append(new ObjectMapper().writeValueAsString(expr)).append('\n');
    }
    Path file = dir.resolve("dashboard-queries.yml");
    Files.writeString(file, rules);
    assertThat(PrometheusRulesTest.promtool("check", "rules", file.toString())).contains("SUCCESS: " + n + " rules");
  }

  @Test
  @DisplayName("the dashboard provider reads the directory the compose file and Kubernetes mount the dashboards at")
  void providerPath() {
    Map<String, Object> provider = Repo.map(Repo.list(Repo.map(Repo.yaml(
        GRAFANA.resolve("provisioning/dashboards/bookiji.yml"))).get("providers")).get(0));
    assertThat(Repo.map(provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards/bookiji");
  }

  static Map<String, String> expressions() {
    Map<String, String> all = new LinkedHashMap<>();
    dashboards.forEach((file, d) -> {
      for (JsonNode p : d.path("panels")) {
        for (JsonNode t : p.path("targets")) {
          all.put(file.getFileName() + " / " + p.path("title").asText() + " / " + t.path("refId").asText(),
              t.path("expr").asText());
        }
      }
    });
    return all;
  }
}
