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

  /** The launcher's own classes plus its dependency directory (for the broker and PostgreSQL). */
  String launcherClasspath() {
    Path lib = layout.launcherLib();
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("missing " + lib + ": run ./mvnw -q -DskipTests install (or ./bookiji, which builds)");
    }
    try {
      Path own = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return own + File.pathSeparator + lib + File.separator + "*";
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
