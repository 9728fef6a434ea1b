package com.bookiji.loadtest.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The stack under test, as {@code ./bookiji up} starts it: its own state directory and port offset.
 * Starting, stopping and restarting go through the launcher script itself (as deploy/local-stack's
 * StackCrashRecoveryIT does); a process is found through the launcher's pid file and trusted only
 * while its command line carries the launcher's marker {@code -Dbookiji.localstack=<state dir>#<component>}.
 */
public final class StressStack {

  public static final String RESERVATION = "reservation-service";
  public static final String AVAILABILITY = "availability-service";
  public static final String PAYMENT = "payment-service";
  public static final String RECONCILER = "reconciler";
  public static final List<String> SERVICES = List.of(RESERVATION, AVAILABILITY, PAYMENT, RECONCILER);
  public static final String SIM_SECRET_KEY = "sk_test_bookiji";
  public static final String SIM_PUBLISHABLE_KEY = "pk_test_bookiji";

  private final Path repo;
  private final Path stateDir;
  private final int portOffset;

  public StressStack(Path repo, Path stateDir, int portOffset) {
    this.repo = repo;
    this.stateDir = stateDir.toAbsolutePath().normalize();
    this.portOffset = portOffset;
  }

  public Path stateDir() { return stateDir; }

  public int portOffset() { return portOffset; }

  public String url(int defaultPort) { return "http://127.0.0.1:" + (defaultPort + portOffset); }

  public String reservationUrl() { return url(8080); }

  public String availabilityUrl() { return url(8082); }

  public String paymentUrl() { return url(8083); }

  public String reconcilerUrl() { return url(8084); }

  public String simulatorUrl() { return url(12111); }

  public String kafkaBootstrap() { return "127.0.0.1:" + (9092 + portOffset); }

  public String jdbcUrl(String database) { return "jdbc:postgresql://127.0.0.1:" + (15432 + portOffset) + "/" + database; }

  public String jwtSecret() throws IOException {
    return Files.readString(stateDir.resolve("jwt-secret"), StandardCharsets.UTF_8).trim();
  }

  /** The payment-service test-fault switches' directory (see payment-service's TestFaultSwitches). */
  public Path testFaultsDir() { return stateDir.resolve("test-faults"); }

  /**
   * The settings the suite runs with (exported before {@code up}, as a user would): short human
   * deadlines (75 s) so part 2 finishes in about a minute, a reconciler that lists Stripe often and raises breaks
   * after a short grace, and the payment test-fault switches' directory.
   */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    // Longer than a restart after kill -9 plus the stack's consumer session timeout (10 s), during
    // which a killed consumer's partitions are not handed to its restarted successor.
    env.put("BOOKIJI_RESERVATION_VENDORDECISIONTIMEOUT", "75s");
    env.put("BOOKIJI_RESERVATION_PAYMENTAUTHORIZATIONTIMEOUT", "75s");
    env.put("BOOKIJI_RESERVATION_LIMITS_RESERVATIONSPERPERIOD", "100000");
    env.put("BOOKIJI_RECONCILER_STRIPE_INTERVAL", "5s");
    env.put("BOOKIJI_RECONCILER_STRIPE_GRACE", "15s");
    env.put("BOOKIJI_RECONCILER_AUDIT_GRACE", "15s");
    env.put("BOOKIJI_RECONCILER_AUDIT_AUTHORIZATIONOPENBOUND", "30s");
    env.put("BOOKIJI_RECONCILER_REPAIRS_MAXPERMINUTE", "200");
    env.put("BOOKIJI_PAYMENT_TESTFAULTS_DIR", testFaultsDir().toString());
    return env;
  }

  public record Result(int exitCode, String output) {}

  /** Runs the real launcher script without its build step; its output goes to {@code log}. */
  public Result bookiji(Duration timeout, StressLog log, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(repo.resolve("bookiji").toString(), "--no-build"));
    command.addAll(List.of(args));
    command.addAll(List.of("--state-dir", stateDir.toString(), "--port-offset", Integer.toString(portOffset)));
    Files.createDirectories(testFaultsDir());
    Path output = Files.createTempFile("bookiji-stress-", ".out");
    ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    pb.environment().putAll(environment());
    long started = System.nanoTime();
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, Files.readString(output) + "\n(timed out after " + timeout + ")");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw e;
    }
    String text = Files.readString(output);
    Files.deleteIfExists(output);
    log.line("$ ./bookiji %s  (%d s, exit %d)%n%s", String.join(" ", args),
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), p.exitValue(), text.strip());
    return new Result(p.exitValue(), text);
  }

  public void up(StressLog log) throws IOException, InterruptedException {
    Result r = bookiji(Duration.ofMinutes(12), log, "up", "--timeout", "600");
    if (r.exitCode() != 0) {
      throw new IllegalStateException("./bookiji up failed (exit " + r.exitCode() + "):\n" + r.output());
    }
  }

  /** Starts whatever is not running (after a kill), and waits until every process is healthy again. */
  public void restartStopped(StressLog log) throws IOException, InterruptedException {
    Result r = bookiji(Duration.ofMinutes(6), log, "up", "--timeout", "300");
    if (r.exitCode() != 0) {
      throw new IllegalStateException("./bookiji up after a fault failed (exit " + r.exitCode() + "):\n" + r.output());
    }
  }

  public void down(StressLog log) throws IOException, InterruptedException {
    bookiji(Duration.ofMinutes(3), log, "down");
  }

  public void reset(StressLog log) throws IOException, InterruptedException {
    bookiji(Duration.ofMinutes(3), log, "reset");
  }

  /** The live pid of a component, verified by the launcher's marker on its command line. */
  public Optional<Long> pid(String component) {
    Path pidFile = stateDir.resolve("run").resolve(component + ".pid");
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      String marker = "-Dbookiji.localstack=" + stateDir + "#" + component;
      String cmdline = commandLine(pid);
      int at = cmdline.indexOf(marker);
      boolean ours = at >= 0 && (at + marker.length() == cmdline.length() || cmdline.charAt(at + marker.length()) == ' ');
      return ours ? Optional.of(pid) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The PostgreSQL postmaster (detached from its holder JVM), from its own pid file in this state directory. */
  public Optional<Long> postmasterPid() {
    Path file = stateDir.resolve("data/postgres/postmaster.pid");
    try {
      long pid = Long.parseLong(Files.readAllLines(file).get(0).trim());
      return commandLine(pid).contains(stateDir.toString()) ? Optional.of(pid) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException e) {
      return "";
    }
  }
}
