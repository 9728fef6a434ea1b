package com.bookiji.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The last step of {@code up}: a service that answers is not yet a stack that moves messages. Ready
 * means, for every service with an outbox relay, that its relay holds the database's relay lock and
 * streams, and that every outbox row written before this check (a backlog left by an earlier run)
 * has been relayed. Both are read from what the services expose: the {@code outboxRelay} health
 * details ({@code role}, {@code streaming}, {@code lastError}) and the gauges
 * {@code bookiji_outbox_backlog} and {@code bookiji_outbox_relay_lag_seconds} (age of the oldest
 * unrelayed row). Read-only; nothing is written anywhere.
 */
final class RelayCatchUp {

  /** One service's relay as seen from outside. */
  record Sample(boolean hasRelay, String role, boolean streaming, String lastError, double backlog, double oldestAgeSeconds) {

    /** True when no row older than {@code secondsSinceStart} is left: the earlier backlog is relayed. */
    boolean earlierBacklogRelayed(double secondsSinceStart) {
      return backlog == 0 || oldestAgeSeconds < secondsSinceStart;
    }

    String describe() {
      String holder = streaming ? "streams" : "STANDBY".equals(role)
          ? "stands by: another process holds this database's relay lock (a second instance of the service?)"
          : "does not stream (role " + role + (lastError.isEmpty() ? "" : ", last error: " + lastError) + ")";
      return "relay " + holder + "; " + (long) backlog + " outbox row(s) waiting"
          + (backlog > 0 ? ", the oldest written " + (long) oldestAgeSeconds + " s ago" : "");
    }
  }

  private final Map<String, List<String>> baseUrls;
  private final Duration bound;
  private final Duration pollInterval;
  private final PrintStream out;
  private final Predicate<String> running;
  private final Supplier<Long> nanoClock;

  /**
   * {@code baseUrls}: service name → its HTTP base URL; {@code running}: whether the process behind a
   * base URL is still alive (one that exited or was killed is reported at once, not after the bound).
   */
  RelayCatchUp(Map<String, String> baseUrls, Duration bound, Duration pollInterval, PrintStream out,
      Predicate<String> running) {
    this(baseUrls, bound, pollInterval, out, running, System::nanoTime);
  }

  RelayCatchUp(Map<String, String> baseUrls, Duration bound, Duration pollInterval, PrintStream out,
      Predicate<String> running, Supplier<Long> nanoClock) {
    this(nanoClock, instances(baseUrls), bound, pollInterval, out, running);
  }

  private RelayCatchUp(Supplier<Long> nanoClock, Map<String, List<String>> baseUrls, Duration bound,
      Duration pollInterval, PrintStream out, Predicate<String> running) {
    this.baseUrls = new LinkedHashMap<>(baseUrls);
    this.bound = bound;
    this.pollInterval = pollInterval;
    this.out = out;
    this.running = running;
    this.nanoClock = nanoClock;
  }

  /**
   * {@code baseUrls}: service name → the base URLs of its instances. The instances of a service share
   * its database, so one of them streams (it holds the relay lock) and the others stand by.
   */
  static RelayCatchUp ofInstances(Map<String, List<String>> baseUrls, Duration bound, Duration pollInterval,
      PrintStream out, Predicate<String> running) {
    return new RelayCatchUp(System::nanoTime, baseUrls, bound, pollInterval, out, running);
  }

  private static Map<String, List<String>> instances(Map<String, String> baseUrls) {
    Map<String, List<String>> instances = new LinkedHashMap<>();
    baseUrls.forEach((name, url) -> instances.put(name, List.of(url)));
    return instances;
  }

  /**
   * Waits until every relay streams and the backlog older than this call is relayed; throws an
   * {@link IllegalStateException} naming each service that is not there after the bound.
   */
  void await() throws InterruptedException {
    long start = nanoClock.get();
    long deadline = start + bound.toNanos();
    Map<String, String> pending = new LinkedHashMap<>();
    baseUrls.keySet().forEach(name -> pending.put(name, "no answer yet"));
    Map<String, Long> relayedBacklog = new LinkedHashMap<>();
    while (true) {
      for (String name : new ArrayList<>(pending.keySet())) {
        // Taken before the request: a row the service reports older than this is older than start.
        double secondsSinceStart = (nanoClock.get() - start) / 1e9;
        List<String> why = new ArrayList<>();
        for (String url : baseUrls.get(name)) {
          Optional<Sample> sample = sample(url);
          String instance = baseUrls.get(name).size() > 1 ? url + ": " : "";
          if (sample.isEmpty()) {
            if (!running.test(url)) {
              throw new IllegalStateException(name + (instance.isEmpty() ? "" : " at " + url) + " is not running any"
                  + " more: it exited or was killed while up waited for its outbox relay (./bookiji logs " + name
                  + " shows why; ./bookiji up starts it again)");
            }
            why.add(instance + "health or metrics do not answer");
            continue;
          }
          Sample s = sample.get();
          if (!s.hasRelay() || (s.streaming() && s.earlierBacklogRelayed(secondsSinceStart))) {
            why.clear();
            if (s.hasRelay()) {
              relayedBacklog.put(name, (long) s.backlog());
            }
            break;
          }
          why.add(instance + s.describe());
        }
        if (why.isEmpty()) {
          pending.remove(name);
        } else {
          pending.put(name, String.join("; ", why));
        }
      }
      if (pending.isEmpty()) {
        out.printf("  %-22s every relay streams, the backlog of earlier runs is relayed (after %d s)%n", "outbox relays",
            Duration.ofNanos(nanoClock.get() - start).toSeconds());
        return;
      }
      if (nanoClock.get() > deadline) {
        StringBuilder sb = new StringBuilder("the outbox relays did not catch up within " + bound.toSeconds()
            + " s, so messages written before this start may not have left their database:");
        pending.forEach((name, why) -> sb.append("\n  ").append(name).append(": ").append(why));
        sb.append("\nLook at the service's log (./bookiji logs <service>) and at /actuator/health (outboxRelay);"
            + " a slow machine may need --relay-timeout SECONDS.");
        throw new IllegalStateException(sb.toString());
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  static Optional<Sample> sample(String base) {
    try {
      Http.Response health = Http.get(base + "/actuator/health");
      JsonNode relay = health.json().path("components").path("outboxRelay");
      Http.Response metrics = Http.get(base + "/actuator/prometheus");
      if (health.json().isNull() || !metrics.ok()) {
        return Optional.empty();
      }
      if (relay.isMissingNode()) {
        return Optional.of(new Sample(false, "", false, "", 0, 0));
      }
      JsonNode details = relay.path("details");
      return Optional.of(new Sample(true, details.path("role").asText("UNKNOWN"), details.path("streaming").asBoolean(false),
          details.path("lastError").asText(""), gauge(metrics.body(), "bookiji_outbox_backlog", Double::sum),
          gauge(metrics.body(), "bookiji_outbox_relay_lag_seconds", Math::max)));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * A gauge in the Prometheus text format, its series combined with {@code combine} (one relay per
   * database, so normally one series); a gauge that is absent reads as 0.
   */
  static double gauge(String prometheusText, String name, java.util.function.DoubleBinaryOperator combine) {
    double sum = 0;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        String value = line.substring(line.lastIndexOf(' ') + 1).trim();
        try {
          sum = combine.applyAsDouble(sum, Double.parseDouble(value));
        } catch (NumberFormatException ignored) {
          // NaN is parsed; anything else is not a sample line
        }
      }
    }
    return sum;
  }
}
