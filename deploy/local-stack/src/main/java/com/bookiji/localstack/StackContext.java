package com.bookiji.localstack;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every component needs to build its command line: the layout, secrets and the JVM to run. */
final class StackContext {

  private final StackLayout layout;
  private final String jwtSecret;
  private final String webhookSecret;

  StackContext(StackLayout layout) throws IOException {
    this.layout = layout;
    this.jwtSecret = layout.jwtSecret();
    this.webhookSecret = layout.webhookSecret();
  }

  StackLayout layout() { return layout; }

  String jwtSecret() { return jwtSecret; }

  String webhookSecret() { return webhookSecret; }

  String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * JVM options every process gets. Small heaps and a quick JIT: the machine runs nine JVMs.
   * BOOKIJI_JAVA_OPTS replaces them.
   */
  List<String> jvmOptions(String heap) {
    String override = System.getenv("BOOKIJI_JAVA_OPTS");
    List<String> opts = new ArrayList<>();
    if (override != null && !override.isBlank()) {
      opts.addAll(List.of(override.trim().split("\\s+")));
    } else {
      opts.addAll(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-Djava.net.preferIPv4Stack=true"));
    }
    return opts;
  }

  /**
   * The classpath of the broker and the PostgreSQL holder: a copy of the launcher's jar and its
   * dependency directory under the state directory (see {@link #refreshLauncherCopy()}), so that
   * rebuilding or cleaning deploy/local-stack never pulls classes from under running processes.
   */
  String launcherClasspath() {
    Path copy = layout.stateDir().resolve("lib");
    if (!Files.isDirectory(copy)) {
      refreshLauncherCopy();
    }
    String cp = copy + File.separator + "*";
    Path own = ownCodeLocation();
    return Files.isDirectory(own) ? own + File.pathSeparator + cp : cp;
  }

  /** Brings the copy up to date; only while no process uses it. */
  void refreshLauncherCopy() {
    Path lib = layout.launcherLib();
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("missing " + lib + ": run ./mvnw -q -DskipTests install (or ./bookiji up, which builds)");
    }
    Path copy = layout.stateDir().resolve("lib");
    try {
      Files.createDirectories(copy);
      List<Path> wanted = new ArrayList<>();
      try (var files = Files.list(lib)) {
        files.filter(f -> f.getFileName().toString().endsWith(".jar")).forEach(wanted::add);
      }
      Path own = ownCodeLocation();
      if (Files.isRegularFile(own)) {
        wanted.add(own);
      }
      java.util.Set<String> names = new java.util.HashSet<>();
      for (Path source : wanted) {
        String name = source.equals(own) ? "local-stack-launcher.jar" : source.getFileName().toString();
        names.add(name);
        Path target = copy.resolve(name);
        if (!Files.exists(target) || Files.size(target) != Files.size(source)
            || Files.getLastModifiedTime(target).toMillis() != Files.getLastModifiedTime(source).toMillis()) {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      try (var files = Files.list(copy)) {
        for (Path stale : files.filter(f -> !names.contains(f.getFileName().toString())).toList()) {
          Files.delete(stale);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot copy " + lib + " to " + copy, e);
    }
  }

  private static Path ownCodeLocation() {
    try {
      return Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
