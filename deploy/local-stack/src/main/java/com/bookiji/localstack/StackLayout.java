package com.bookiji.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Where the stack lives on disk and which loopback ports it uses. Everything is under one state
 * directory (default {@code <repo>/.bookiji}), so {@code reset} is one recursive delete and a second
 * stack (e.g. the launcher's own test) can run beside a developer's one with another directory and
 * a port offset.
 */
public final class StackLayout {

  static final String HOST = "127.0.0.1";

  private final Path repo;
  private final Path stateDir;
  private final int portOffset;
  private final int replicas;

  private StackLayout(Path repo, Path stateDir, int portOffset, int replicas) {
    this.repo = repo;
    this.stateDir = stateDir;
    this.portOffset = portOffset;
    this.replicas = replicas;
  }

  /**
   * The port offset is remembered in the state directory at the first {@code up}, so later commands
   * on that directory ({@code status}, {@code demo}, {@code down}) find the same ports.
   */
  public static StackLayout resolve(Path repo, Path stateDir, Integer requestedPortOffset) {
    return resolve(repo, stateDir, requestedPortOffset, null);
  }

  /** Like the port offset, the number of service instances ({@code --replicas}) is remembered. */
  public static StackLayout resolve(Path repo, Path stateDir, Integer requestedPortOffset, Integer requestedReplicas) {
    Path settings = stateDir.resolve("stack.properties");
    Properties remembered = new Properties();
    if (Files.exists(settings)) {
      try (InputStream in = Files.newInputStream(settings)) {
        remembered.load(in);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + settings, e);
      }
    }
    int offset = requestedPortOffset != null ? requestedPortOffset
        : Integer.parseInt(remembered.getProperty("port-offset", "0"));
    int replicas = requestedReplicas != null ? requestedReplicas
        : Integer.parseInt(remembered.getProperty("replicas", "1"));
    return new StackLayout(repo.toAbsolutePath().normalize(), stateDir.toAbsolutePath().normalize(), offset, replicas);
  }

  void remember() throws IOException {
    Files.createDirectories(stateDir);
    Properties p = new Properties();
    p.setProperty("port-offset", Integer.toString(portOffset));
    p.setProperty("replicas", Integer.toString(replicas));
    try (OutputStream out = Files.newOutputStream(stateDir.resolve("stack.properties"))) {
      p.store(out, "Bookiji local stack settings");
    }
  }

  public Path repo() { return repo; }

  public Path stateDir() { return stateDir; }

  public int portOffset() { return portOffset; }

  /** How many instances of each scaled-out service the stack runs. */
  public int replicas() { return replicas; }

  public int port(int defaultPort) { return defaultPort + portOffset; }

  Path dataDir(String component) { return stateDir.resolve("data").resolve(component); }

  public Path logsDir() { return stateDir.resolve("logs"); }

  public Path logFile(String component) { return logsDir().resolve(component + ".log"); }

  Path pidFile(String component) { return stateDir.resolve("run").resolve(component + ".pid"); }

  Path configDir() { return stateDir.resolve("config"); }

  /** The launcher's own dependency directory: the broker and the PostgreSQL holder run from it. */
  Path launcherLib() { return repo.resolve("deploy/local-stack/target/lib"); }

  /** A secret generated once per state directory (JWT signing key, webhook signing secret). */
  String secret(String name, String prefix) throws IOException {
    Path file = stateDir.resolve(name);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String value = prefix + HexFormat.of().formatHex(bytes);
    Files.createDirectories(stateDir);
    Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    return value;
  }

  public String jwtSecret() throws IOException { return secret("jwt-secret", ""); }

  String webhookSecret() throws IOException { return secret("stripe-webhook-secret", "whsec_"); }

  String url(int defaultPort) { return "http://" + HOST + ":" + port(defaultPort); }
}
