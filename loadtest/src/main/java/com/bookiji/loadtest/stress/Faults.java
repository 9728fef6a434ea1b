package com.bookiji.loadtest.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The fault menu: operating-system faults on the stack's processes (kill -9, SIGSTOP/SIGCONT of a
 * service, of PostgreSQL's postmaster with every backend, of the broker) and Stripe faults through
 * the simulator's {@code /_sim} API. Every fault is logged; kills are counted for the report.
 */
public final class Faults {

  private final StressStack stack;
  private final StressApi api;
  private final AtomicInteger kills = new AtomicInteger();
  private final Map<String, Integer> killsByComponent = new LinkedHashMap<>();
  private final AtomicInteger pauses = new AtomicInteger();

  public Faults(StressStack stack, StressApi api) {
    this.stack = stack;
    this.api = api;
  }

  public int kills() { return kills.get(); }

  public synchronized Map<String, Integer> killsByComponent() { return new LinkedHashMap<>(killsByComponent); }

  public int pauses() { return pauses.get(); }

  /** SIGKILL of one component (verified by the launcher's marker), then waits until it is gone. */
  public void kill9(String component, StressLog log) throws Exception {
    long pid = stack.pid(component).orElseThrow(() -> new IllegalStateException(component + " is not running"));
    signal("KILL", List.of(pid));
    Wait.until(component + " (pid " + pid + ") to die", Duration.ofSeconds(20),
        () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true) ? Boolean.TRUE : null);
    kills.incrementAndGet();
    synchronized (this) {
      killsByComponent.merge(component, 1, Integer::sum);
    }
    log.line("FAULT kill -9 %s (pid %d)", component, pid);
  }

  /**
   * The service whose outbox relay is the active one for its database (its health says role ACTIVE).
   * The stack runs one instance per service, so the holder of each relay is that service's process;
   * the check keeps the fault honest if that ever changes.
   */
  public String relayHolderOrAny(String preferred) throws Exception {
    for (String service : prefer(preferred)) {
      try {
        var reply = api.http().get(stack.url(portOf(service)) + "/actuator/health", null);
        JsonNode relay = reply.json().path("components").path("outboxRelay").path("details");
        if ("ACTIVE".equals(relay.path("role").asString(""))) {
          return service;
        }
      } catch (java.io.IOException down) {
        // not running (killed and not restarted yet): not the holder now
      }
    }
    return preferred;
  }

  private static List<String> prefer(String first) {
    List<String> order = new ArrayList<>(List.of(first));
    StressStack.SERVICES.stream().filter(s -> !s.equals(first)).forEach(order::add);
    return order;
  }

  static int portOf(String service) {
    return switch (service) {
      case StressStack.RESERVATION -> 8080;
      case StressStack.AVAILABILITY -> 8082;
      case StressStack.PAYMENT -> 8083;
      case StressStack.RECONCILER -> 8084;
      default -> throw new IllegalArgumentException(service);
    };
  }

  /** SIGSTOP of a component's JVM for {@code length}, then SIGCONT (always, also on interruption). */
  public void pause(String component, Duration length, StressLog log) throws Exception {
    long pid = stack.pid(component).orElseThrow(() -> new IllegalStateException(component + " is not running"));
    freeze(component, List.of(pid), length, log);
  }

  /** The database server frozen: the postmaster and every backend (its children). */
  public void freezePostgres(Duration length, StressLog log) throws Exception {
    long postmaster = stack.postmasterPid().orElseThrow(() -> new IllegalStateException("no postmaster"));
    List<Long> pids = new ArrayList<>(List.of(postmaster));
    ProcessHandle.of(postmaster).ifPresent(h -> h.children().forEach(c -> pids.add(c.pid())));
    freeze("postgres (postmaster + " + (pids.size() - 1) + " backends)", pids, length, log);
  }

  public void freezeBroker(Duration length, StressLog log) throws Exception {
    pause("kafka", length, log);
  }

  private void freeze(String what, List<Long> pids, Duration length, StressLog log) throws Exception {
    signal("STOP", pids);
    pauses.incrementAndGet();
    log.line("FAULT SIGSTOP %s %s for %d ms", what, pids, length.toMillis());
    try {
      Thread.sleep(length.toMillis()); // the fault's length, not a synchronisation
    } finally {
      signal("CONT", pids);
      log.line("FAULT SIGCONT %s", what);
    }
  }

  private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(p -> command.add(Long.toString(p)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pids + " failed: " + new String(p.getInputStream().readAllBytes()));
    }
  }

  // ---- Stripe faults (the simulator's /_sim API) ----

  /** Adds an API fault rule: {@code kind} LATENCY, HTTP_5XX, RATE_LIMIT, CONNECTION_RESET, APPLIED_RESPONSE_LOST. */
  public String stripeFault(Map<String, Object> rule, StressLog log) throws Exception {
    var r = api.sim("POST", "/_sim/faults", rule);
    StressApi.expectOk(r, "add Stripe fault " + rule);
    log.line("FAULT Stripe %s", rule);
    return r.json().path("id").asString();
  }

  /** Adds a webhook fault rule: {@code kind} DROP, DELAY, DUPLICATE, REORDER. */
  public String webhookFault(Map<String, Object> rule, StressLog log) throws Exception {
    var r = api.sim("POST", "/_sim/webhook-faults", rule);
    StressApi.expectOk(r, "add webhook fault " + rule);
    log.line("FAULT webhook %s", rule);
    return r.json().path("id").asString();
  }

  public void clearStripeFaults(StressLog log) throws Exception {
    api.sim("DELETE", "/_sim/faults", null);
    api.sim("DELETE", "/_sim/webhook-faults", null);
    log.line("Stripe and webhook faults cleared");
  }

  // ---- payment-service's test-only switches (files in its test-faults directory) ----

  public void arm(String switchName, StressLog log) throws IOException {
    Path dir = stack.testFaultsDir();
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(switchName), "armed by the stress suite\n");
    log.line("TEST SWITCH %s armed", switchName);
  }

  public void disarm(String switchName, StressLog log) throws IOException {
    Files.deleteIfExists(stack.testFaultsDir().resolve(switchName));
    log.line("TEST SWITCH %s disarmed", switchName);
  }

  public boolean armed(String switchName) {
    return Files.exists(stack.testFaultsDir().resolve(switchName));
  }
}
