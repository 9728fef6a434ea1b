package com.bookiji.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local stack launcher: {@code up | down | status | reset | demo | logs | token}. Every process
 * runs detached on loopback with its log and pid under the state directory, so the launcher itself
 * can exit after {@code up} and any later command finds the stack again.
 */
public final class LocalStack {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int PARTIAL = 3;

  private final StackLayout layout;
  private final Stack stack;
  private final ProcessControl processes;
  private final Duration timeout;
  private final Duration relayTimeout;
  private final PrintStream out;

  LocalStack(StackLayout layout, Duration timeout, Duration relayTimeout, PrintStream out) {
    this.layout = layout;
    this.stack = new Stack(layout.replicas());
    this.processes = new ProcessControl(layout);
    this.timeout = timeout;
    this.relayTimeout = relayTimeout;
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line with usage errors on {@code out} too; returns the exit code (tests call this in-process). */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, out);
  }

  /** Runs one command line ({@link LauncherCommandLine}); returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    // The launcher's own logging: warnings only (the processes log to their own files).
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // An admin client polling a broker that is still starting warns on every attempt.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    return LauncherCommandLine.execute(args, out, err);
  }

  StackLayout layout() {
    return layout;
  }

  /** The repository root: the nearest directory up from here with the Maven wrapper and this module. */
  static Path findRepo() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("deploy/local-stack"))) {
        return p;
      }
    }
    return dir;
  }

  // ---------------------------------------------------------------- up

  int up() throws Exception {
    // Before anything is remembered or started: a refused offset leaves no trace.
    Optional<String> refused = BrowserPorts.refusal(layout.portOffset(), stack);
    if (refused.isPresent()) {
      out.println("REFUSED: " + refused.get());
      return USAGE;
    }
    layout.remember();
    StackContext ctx = new StackContext(layout);
    out.println("Bookiji local stack: state in " + layout.stateDir()
        + (layout.portOffset() != 0 ? ", ports +" + layout.portOffset() : "")
        + (layout.replicas() > 1 ? ", " + layout.replicas() + " instances of each service but the reconciler" : ""));

    List<String> missing = new ArrayList<>();
    for (Component c : stack.all()) {
      c.missing(layout).ifPresent(reason -> missing.add(c.name() + ": " + reason));
    }
    boolean infrastructureMissing = stack.infrastructure().stream().anyMatch(c -> c.missing(layout).isPresent());

    long started = System.nanoTime();
    stopOrphanedPostgres();
    if (processes.running(stack.postgres.name()).isEmpty()) {
      PostgresComponent.refuseOtherMajorVersion(layout, PostgresComponent.binariesMajorVersion());
    }
    // Every port before anything starts: a busy service port must not leave a half-started stack.
    requirePortsFree(present(stack.all()));
    if (processes.running(stack.kafka.name()).isEmpty() && processes.running(stack.postgres.name()).isEmpty()) {
      ctx.refreshLauncherCopy();
    }
    startAndAwait(ctx, present(stack.infrastructure()));
    if (infrastructureMissing) {
      out.println("Not starting the services: part of the infrastructure cannot start.");
    } else {
      List<Component> services = present(stack.services());
      startAndAwait(ctx, services);
      awaitRelays(services);
    }
    out.printf("%nUp in %d s.%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    printWhereToLook(ctx);
    if (!missing.isEmpty()) {
      out.println();
      out.println("NOT STARTED (missing):");
      missing.forEach(m -> out.println("  " + m));
      return PARTIAL;
    }
    return OK;
  }

  private List<Component> present(List<Component> components) {
    return components.stream().filter(c -> c.missing(layout).isEmpty()).toList();
  }

  /** Starts whichever of {@code components} are not running, then waits until all are ready. */
  private void startAndAwait(StackContext ctx, List<Component> components) throws Exception {
    requirePortsFree(components);
    for (Component c : components) {
      if (processes.running(c.name()).isPresent()) {
        boolean stale = c instanceof JarComponent j && j.runsOlderBuild(layout);
        out.printf("  %-22s already running%s%n", c.name(),
            stale ? " (an older build: ./bookiji restart " + c.name() + " to run the new one)" : "");
        continue;
      }
      c.prepare(ctx);
      ProcessHandle h = processes.start(c.name(), c.command(ctx));
      out.printf("  %-22s started, pid %d, log %s%n", c.name(), h.pid(), layout.logFile(c.name()));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Component> pending = new ArrayList<>(components);
    long t0 = System.nanoTime();
    while (!pending.isEmpty()) {
      for (Component c : new ArrayList<>(pending)) {
        if (processes.running(c.name()).isEmpty()) {
          String tail = processes.tail(c.name(), 40);
          String reason = tail.lines().filter(l -> l.startsWith(EmbeddedPostgresProcess.FAILURE_PREFIX))
              .reduce((first, last) -> last).map(l -> ": " + l.substring(EmbeddedPostgresProcess.FAILURE_PREFIX.length()))
              .orElse("");
          throw new IllegalStateException(c.name() + " exited before it was ready" + reason + ". Last lines of "
              + layout.logFile(c.name()) + ":\n" + tail);
        }
        if (c.ready(ctx)) {
          c.afterReady(ctx);
          pending.remove(c);
          out.printf("  %-22s ready after %d s%n", c.name(), Duration.ofNanos(System.nanoTime() - t0).toSeconds());
        }
      }
      if (pending.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        StringBuilder sb = new StringBuilder("not ready within " + timeout.toSeconds() + " s:");
        for (Component c : pending) {
          sb.append("\n  ").append(c.name()).append(" (log ").append(layout.logFile(c.name())).append("), last lines:\n")
              .append(processes.tail(c.name(), 25));
        }
        throw new IllegalStateException(sb.toString());
      }
      Thread.sleep(1000);
    }
  }

  /**
   * Fails, naming each busy port and its component, when a component that is not running (as a
   * process of this state directory) would find its port taken, and suggests a port offset at which
   * every port of the stack is free.
   */
  private void requirePortsFree(List<Component> components) {
    List<String> busy = new ArrayList<>();
    for (Component c : components) {
      if (processes.running(c.name()).isEmpty()) {
        for (int port : c.defaultPorts()) {
          if (!Stack.portFree(layout.port(port))) {
            busy.add(c.name() + " needs " + StackLayout.HOST + ":" + layout.port(port));
          }
        }
      }
    }
    if (busy.isEmpty()) {
      return;
    }
    String where = layout.stateDir().equals(layout.repo().resolve(".bookiji")) ? "" : " --state-dir " + layout.stateDir();
    String suggestion = freeOffset().map(o -> "run this stack on other ports: ./bookiji up" + where + " --port-offset " + o
        + " (every port of the stack is free there)").orElse("choose another --port-offset N");
    throw new IllegalStateException("ports in use by another program (no process of " + layout.stateDir() + " holds them):\n  "
        + String.join("\n  ", busy)
        + "\nStop that program (another stack? ./bookiji down --state-dir <its directory>), or " + suggestion + ".");
  }

  /** A port offset, in thousands below the kernel's ephemeral range, where every port is free and browser-safe. */
  private Optional<Integer> freeOffset() {
    for (int offset = 1000; offset <= 20000; offset += 1000) {
      int candidate = offset;
      if (candidate != layout.portOffset() && BrowserPorts.refusal(candidate, stack).isEmpty()
          && stack.defaultPorts().stream().allMatch(p -> Stack.portFree(p + candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** See {@link RelayCatchUp}: ready also means the relays stream and earlier backlog is relayed. */
  private void awaitRelays(List<Component> services) throws InterruptedException {
    // Instances of one service share a database and so a relay: one of them holds the lock and streams.
    Map<String, List<String>> baseUrls = new LinkedHashMap<>();
    Map<String, String> processAt = new HashMap<>();
    for (Component c : services) {
      baseUrls.computeIfAbsent(serviceOf(c), s -> new ArrayList<>()).add(layout.url(c.defaultPort()));
      processAt.put(layout.url(c.defaultPort()), c.name());
    }
    RelayCatchUp.ofInstances(baseUrls, relayTimeout, Duration.ofSeconds(1), out,
        url -> processes.running(processAt.get(url)).isPresent()).await();
  }

  /** The service a process is an instance of (its module), or the process itself. */
  private static String serviceOf(Component c) {
    return c instanceof JarComponent j ? j.module() : c.name();
  }

  private void printWhereToLook(StackContext ctx) {
    out.println();
    out.println("Where to look:");
    for (Component c : stack.byInterest()) {
      if (c.missing(layout).isPresent()) {
        continue;
      }
      for (String[] e : c.endpoints(ctx)) {
        out.printf("  %-28s %s%n", e[0], e[1]);
      }
    }
    out.printf("  %-28s %s%n", "Logs", layout.logsDir());
    String where = layout.stateDir().equals(layout.repo().resolve(".bookiji")) ? "" : " --state-dir " + layout.stateDir();
    out.printf("  %-28s %s%n", "Get a token", "./bookiji token --role REQUESTER --subject alice" + where
        + "   (roles REQUESTER, VENDOR, OPS)");
    out.printf("  %-28s %s%n", "Try it", "./bookiji demo" + where);
    out.printf("  %-28s %s%n", "Finance report", "./bookiji report --from YYYY-MM-DD --to YYYY-MM-DD" + where);
  }

  // ---------------------------------------------------------------- down, status, reset, logs

  int down() {
    // Every instance there may be: an earlier up may have run more replicas than this one remembers.
    List<Component> reversed = new ArrayList<>(new Stack(Stack.MAX_REPLICAS).all());
    java.util.Collections.reverse(reversed);
    List<String> known = stack.all().stream().map(Component::name).toList();
    // Services first (they drain their consumers and relays), then infrastructure, PostgreSQL last.
    for (Component c : reversed) {
      boolean stopped = processes.stop(c.name(), Duration.ofSeconds(30));
      if (stopped || known.contains(c.name())) {
        out.printf("  %-22s %s%n", c.name(), stopped ? "stopped" : "not running");
      }
    }
    stopOrphanedPostgres();
    return OK;
  }

  /**
   * A PostgreSQL holder that died by SIGKILL (an out-of-memory killer's choice) leaves its server
   * running on this stack's data directory and port: stop it, so that {@code down} leaves nothing and
   * {@code up} does not mistake the stack's own server for another program on its port.
   */
  private void stopOrphanedPostgres() {
    if (processes.running(stack.postgres.name()).isPresent()) {
      return;
    }
    try {
      EmbeddedPostgresProcess.stopOrphanedServer(layout.dataDir(stack.postgres.name()), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      out.println("could not stop the PostgreSQL server left in " + layout.dataDir(stack.postgres.name()) + ": " + e.getMessage());
    }
  }

  int restart(List<String> names) throws Exception {
    if (names.isEmpty()) {
      out.println("usage: ./bookiji restart <component>...   (components: "
          + String.join(", ", stack.all().stream().map(Component::name).toList()) + ")");
      return USAGE;
    }
    List<Component> chosen = new ArrayList<>();
    List<Component> rolling = new ArrayList<>();
    for (String name : names) {
      Optional<Component> one = stack.all().stream().filter(x -> x.name().equals(name)).findFirst();
      // A service's name with several instances: all of them, one after the other, so it keeps serving.
      List<Component> instances = stack.services().stream()
          .filter(x -> x instanceof JarComponent j && j.module().equals(name)).toList();
      if (one.isEmpty()) {
        throw new IllegalStateException("no component " + name);
      }
      Optional<String> missing = one.get().missing(layout);
      if (missing.isPresent()) {
        throw new IllegalStateException(name + ": " + missing.get());
      }
      if (instances.size() > 1) {
        rolling.addAll(instances);
      } else {
        chosen.add(one.get());
      }
    }
    StackContext ctx = new StackContext(layout);
    for (Component c : chosen) {
      processes.stop(c.name(), Duration.ofSeconds(30));
    }
    startAndAwait(ctx, chosen);
    for (Component c : rolling) {
      processes.stop(c.name(), Duration.ofSeconds(30));
      startAndAwait(ctx, List.of(c));
    }
    // Every instance of a restarted service: the one that streams may be one that was not restarted.
    java.util.Set<String> restartedServices = new java.util.HashSet<>();
    for (Component c : chosen) {
      restartedServices.add(serviceOf(c));
    }
    for (Component c : rolling) {
      restartedServices.add(serviceOf(c));
    }
    awaitRelays(stack.services().stream().filter(c -> restartedServices.contains(serviceOf(c))).toList());
    return OK;
  }

  int status() throws IOException {
    StackContext ctx = new StackContext(layout);
    out.printf("state %s%n", layout.stateDir());
    out.printf("  %-22s %-8s %-9s %s%n", "COMPONENT", "PID", "HEALTH", "ADDRESS");
    boolean allUp = true;
    for (Component c : stack.all()) {
      Optional<String> missing = c.missing(layout);
      Optional<ProcessHandle> h = processes.running(c.name());
      String health = missing.isPresent() ? "MISSING" : h.isEmpty() ? "STOPPED" : c.ready(ctx) ? "UP" : "STARTING";
      allUp &= "UP".equals(health);
      out.printf("  %-22s %-8s %-9s %s%n", c.name(), h.map(p -> Long.toString(p.pid())).orElse("-"), health,
          StackLayout.HOST + ":" + layout.port(c.defaultPort()));
    }
    return allUp ? OK : PARTIAL;
  }

  int reset() throws IOException {
    down();
    if (Files.exists(layout.stateDir())) {
      try (Stream<Path> walk = Files.walk(layout.stateDir())) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    out.println("deleted " + layout.stateDir());
    return OK;
  }

  int logs(String component, int lines) throws IOException {
    if (component == null) {
      out.println("logs in " + layout.logsDir() + ":");
      if (Files.isDirectory(layout.logsDir())) {
        try (Stream<Path> files = Files.list(layout.logsDir())) {
          files.sorted().forEach(f -> out.println("  " + f));
        }
      }
      out.println("print one: ./bookiji logs <component> [--lines N]");
      return OK;
    }
    out.println(processes.tail(component, lines));
    return OK;
  }

  int token(String role, String subject) throws IOException {
    if (role == null || subject == null) {
      out.println("usage: ./bookiji token --role REQUESTER|VENDOR|OPS --subject <id>");
      return USAGE;
    }
    out.println(Jwt.mint(layout.jwtSecret(), subject, role.toUpperCase(java.util.Locale.ROOT), Duration.ofHours(12)));
    return OK;
  }
}
