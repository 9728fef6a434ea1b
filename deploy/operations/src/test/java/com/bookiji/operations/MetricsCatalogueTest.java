package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("docs/metrics.md lists every metric the services publish")
class MetricsCatalogueTest {

  /** Where meters are made: the builders, and MeterRegistry's shortcuts. */
  private static final Pattern METER = Pattern.compile(
      "(?:Counter|Gauge|Timer|MultiGauge|DistributionSummary|FunctionCounter|TimeGauge|LongTaskTimer)\\.builder\\(\\s*\"([a-z0-9_.]+)\""
          + "|\\.(?:counter|gauge|gaugeInSeconds|timer|summary)\\(\\s*\"([a-z0-9_.]+)\"");
  private static final Set<String> MODULES = Set.of("platform/messaging", "platform/web",
      "availability-service", "payment-service", "reservation-service", "reconciler");

  static Set<String> metersInCode() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String module : MODULES) {
      Path main = Repo.path(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(main)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = METER.matcher(Files.readString(f));
          while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
          }
        }
      }
    }
    return names;
  }

  @Test
  @DisplayName("the scan finds the meters it must (a scanner that finds nothing would let everything pass)")
  void scanFindsMeters() throws IOException {
    assertThat(metersInCode()).contains("bookiji.outbox.relay.lag", "reservation.sagas.in_flight",
        "bookiji.stripe.call", "bookiji.reconciler.findings.open", "bookiji.reconciler.repairs.deferred");
  }

  @Test
  @DisplayName("every meter made in the code has a row, and every row of ours names a meter the code still makes")
  void everyMeterListed() throws IOException {
    Set<String> inCode = metersInCode();
    Set<String> listed = MetricsCatalogue.read().micrometerNames();
    assertThat(listed).as("meters in the code missing from docs/metrics.md").containsAll(inCode);
    Set<String> ours = new TreeSet<>(listed);
    ours.removeIf(n -> !n.startsWith("bookiji.") && !n.startsWith("reservation."));
    assertThat(inCode).as("rows of docs/metrics.md whose meter the code no longer makes").containsAll(ours);
  }

  @Test
  @DisplayName("each row's Prometheus name is its Micrometer name as Prometheus writes it")
  void prometheusNamesFollowMicrometer() {
    MetricsCatalogue.read().micrometerByPrometheus.forEach((prometheus, micrometer) -> {
      if (micrometer != null) {
        String base = micrometer.replace('.', '_');
        assertThat(prometheus).as(micrometer).matches(Pattern.quote(base) + "(_seconds|_bytes)?(_total)?");
      }
    });
  }
}
