package com.bookiji.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric tables of docs/metrics.md: Prometheus name → Micrometer name. */
final class MetricsCatalogue {

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_:][a-z0-9_:]*)` \\| (?:`([a-z0-9_.]+)`|[^|]*) \\|", Pattern.MULTILINE);
  private static final Pattern SUFFIX = Pattern.compile("_(bucket|count|sum|max|total|created)$");

  final Map<String, String> micrometerByPrometheus = new LinkedHashMap<>();

  static MetricsCatalogue read() {
    MetricsCatalogue c = new MetricsCatalogue();
    Matcher m = ROW.matcher(Repo.read("docs/metrics.md"));
    while (m.find()) {
      c.micrometerByPrometheus.put(m.group(1), m.group(2));
    }
    return c;
  }

  Set<String> micrometerNames() {
    Set<String> names = new TreeSet<>();
    micrometerByPrometheus.values().forEach(n -> {
      if (n != null) {
        names.add(n);
      }
    });
    return names;
  }

  /** Whether a series name a query uses (e.g. {@code x_seconds_bucket}) belongs to a listed metric. */
  boolean lists(String series) {
    if (micrometerByPrometheus.containsKey(series)) {
      return true;
    }
    String base = SUFFIX.matcher(series).replaceFirst("");
    return micrometerByPrometheus.keySet().stream()
        .anyMatch(listed -> listed.equals(base) || SUFFIX.matcher(listed).replaceFirst("").equals(base));
  }
}
