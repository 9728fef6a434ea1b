package com.bookiji.reconciler.console.provider;

import com.bookiji.reconciler.console.application.RelayMetrics;
import com.bookiji.reconciler.console.domain.RelayReading;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Reads each instance's {@code GET <base>/actuator/prometheus}, which every service serves without a
 * token (health details would need an OPS token or the unpublished management port). All instances
 * are asked at once; each answer is bounded by the timeout.
 */
@Component
public class PrometheusRelayMetrics implements RelayMetrics {

  static final String BACKLOG = "bookiji_outbox_backlog";
  static final String LAG = "bookiji_outbox_relay_lag_seconds";
  static final String ACTIVE = "bookiji_outbox_relay_active";
  static final String FAILURES = "bookiji_outbox_relay_engine_consecutive_failures";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @Override
  public Map<URI, RelayReading> read(List<URI> instances, Duration timeout) {
    Map<URI, CompletableFuture<RelayReading>> asked = new LinkedHashMap<>();
    for (URI instance : instances) {
      HttpRequest request = HttpRequest.newBuilder(prometheus(instance)).timeout(timeout)
          .header("Accept", "text/plain").GET().build();
      asked.put(instance, http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(PrometheusRelayMetrics::reading)
          .completeOnTimeout(new RelayReading.Unreachable("no answer within " + timeout.toMillis() + " ms"),
              timeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(PrometheusRelayMetrics::unreachable));
    }
    Map<URI, RelayReading> readings = new LinkedHashMap<>();
    asked.forEach((instance, answer) -> readings.put(instance, answer.join()));
    return readings;
  }

  private static URI prometheus(URI base) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/actuator/prometheus");
  }

  private static RelayReading unreachable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof HttpTimeoutException) {
      return new RelayReading.Unreachable("no answer in time (" + cause.getMessage() + ")");
    }
    String message = cause.getMessage();
    return new RelayReading.Unreachable("not reachable: " + cause.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : " " + message));
  }

  static RelayReading reading(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return new RelayReading.Unreachable("/actuator/prometheus answered HTTP " + response.statusCode());
    }
    return parse(response.body());
  }

  /**
   * The relay's gauges out of Prometheus text; a gauge with several series (one per {@code database})
   * counts by its largest value. Without backlog, lag and active the instance runs no relay we can read.
   */
  static RelayReading parse(String text) {
    Map<String, Double> values = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int nameEnd = 0;
      while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
        nameEnd++;
      }
      String name = line.substring(0, nameEnd);
      if (!name.equals(BACKLOG) && !name.equals(LAG) && !name.equals(ACTIVE) && !name.equals(FAILURES)) {
        continue;
      }
      int labelsEnd = line.lastIndexOf('}');
      String[] parts = line.substring(labelsEnd < 0 ? nameEnd : labelsEnd + 1).trim().split("\\s+");
      try {
        values.merge(name, Double.parseDouble(parts[0]), Math::max);
      } catch (NumberFormatException e) {
        // NaN is parsed; anything else unreadable leaves the gauge out
      }
    }
    if (!values.containsKey(BACKLOG) || !values.containsKey(LAG) || !values.containsKey(ACTIVE)) {
      return new RelayReading.Unreachable("/actuator/prometheus has no outbox relay gauges");
    }
    return new RelayReading.Scraped(Math.round(values.get(BACKLOG)),
        Duration.ofMillis(Math.round(values.get(LAG) * 1000)), values.get(ACTIVE) >= 1,
        Math.round(values.getOrDefault(FAILURES, 0.0)));
  }
}
