package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Prometheus alert rules")
class PrometheusRulesTest {

  static final Path RULES = Repo.path("deploy/observability/prometheus/alerts.yml");
  static final Path RULE_TESTS = Repo.path("deploy/observability/prometheus/alerts-test.yml");
  /** The alerts the on-call brief asks for, each of which must exist. */
  static final Set<String> REQUIRED = Set.of("KafkaConsumerLagHigh", "KafkaConsumerGroupBehind",
      "OutboxRelayBacklogOld", "OutboxRelayBacklogLarge", "DeadLetters", "SagaStuck", "HoldsStuck",
      "AuthorizationsStuck", "MoneyFindingOpen", "HttpServerErrorRateHigh", "StripeErrorRateHigh");

  @Test
  @DisplayName("promtool check rules accepts them")
  void promtoolChecks() throws Exception {
    assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
  }

  @Test
  @DisplayName("promtool test rules passes their unit tests (alerts fire when they must, not before, with their labels)")
  void promtoolUnitTests() throws Exception {
    assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
  }

  @Test
  @DisplayName("every alert the brief asks for exists, has a severity, a summary and a runbook entry that exists")
  void everyAlertHasARunbookEntry() throws IOException {
    String runbook = Repo.read("docs/runbook.md");
    Set<String> anchors = new TreeSet<>();
    Matcher headings = Pattern.compile("^## (.+)$", Pattern.MULTILINE).matcher(runbook);
    while (headings.find()) {
      anchors.add(headings.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
    }
    List<Map<String, Object>> alerts = alerts();
    assertThat(alerts).extracting(a -> a.get("alert")).containsAll(new ArrayList<>(REQUIRED));
    for (Map<String, Object> alert : alerts) {
      String name = (String) alert.get("alert");
      assertThat(Repo.map(alert.get("labels")).get("severity")).as(name).isIn("page", "ticket");
      Map<String, Object> annotations = Repo.map(alert.get("annotations"));
      assertThat(annotations.get("summary")).as(name).isNotNull();
      assertThat((String) annotations.get("runbook_url")).as(name)
          .isEqualTo("docs/runbook.md#" + name.toLowerCase());
      assertThat(anchors).as("docs/runbook.md has a section for " + name).contains(name.toLowerCase());
    }
  }

  @Test
  @DisplayName("every metric an alert reads is listed in docs/metrics.md")
  void everyMetricIsCatalogued() {
    MetricsCatalogue catalogue = MetricsCatalogue.read();
    for (Map<String, Object> alert : alerts()) {
      for (String metric : PromQl.metricNames((String) alert.get("expr"))) {
        assertThat(catalogue.lists(metric)).as(alert.get("alert") + " reads " + metric).isTrue();
      }
    }
  }

  @Test
  @DisplayName("the metric-name reader finds the metrics of an expression and nothing else")
  void promQlReader() {
    assertThat(PromQl.metricNames("sum by (job) (rate(http_server_requests_seconds_count{outcome=\"SERVER_ERROR\"}[5m]))"
        + " / on(job) group_left max without (instance) (up) > 0.05 and bool x_total offset 5m"))
        .containsExactlyInAnyOrder("http_server_requests_seconds_count", "up", "x_total");
    assertThat(PromQl.metricNames("label_replace(kafka_consumer_fetch_manager_records_lag, \"group\", \"$1\", \"client_id\", \"(.+)-[0-9]+\")"))
        .containsExactly("kafka_consumer_fetch_manager_records_lag");
  }

  static List<Map<String, Object>> alerts() {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Object group : Repo.list(Repo.map(Repo.yaml(RULES)).get("groups"))) {
      for (Object rule : Repo.list(Repo.map(group).get("rules"))) {
        alerts.add(Repo.map(rule));
      }
    }
    return alerts;
  }

  /** Runs promtool from Debian's prometheus package; skipped with the install hint where it is missing. */
  static String promtool(String... args) throws Exception {
    Path promtool = Path.of(System.getProperty("bookiji.promtool", "/usr/bin/promtool"));
    Assumptions.assumeTrue(Files.isExecutable(promtool),
        "promtool is not installed (apt-get install prometheus, or -Dbookiji.promtool=<path>): the rules are not checked");
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }
}
