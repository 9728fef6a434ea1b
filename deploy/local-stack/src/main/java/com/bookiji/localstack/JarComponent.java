package com.bookiji.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A process started from one of the project's executable jars, found by path:
 * {@code <repo>/<module>/target/<artifact>-<version>[-exec].jar}. A jar that has not been built (or
 * is not executable) makes the component "missing" with the reason, instead of failing the stack.
 */
final class JarComponent implements Component {

  /** How a component is told it is ready: an HTTP GET that must answer 2xx. */
  record Probe(String path, Map<String, String> headers) {}

  private final String name;
  private final String module;
  private final String artifactId;
  private final int defaultPort;
  private final String heap;
  private final Function<StackContext, List<String>> arguments;
  private final List<Probe> probes;
  private final Function<StackContext, List<String[]>> endpoints;

  JarComponent(String name, String module, String artifactId, int defaultPort, String heap,
      Function<StackContext, List<String>> arguments, List<Probe> probes,
      Function<StackContext, List<String[]>> endpoints) {
    this.name = name;
    this.module = module;
    this.artifactId = artifactId;
    this.defaultPort = defaultPort;
    this.heap = heap;
    this.arguments = arguments;
    this.probes = probes;
    this.endpoints = endpoints;
  }

  @Override
  public String name() { return name; }

  @Override
  public int defaultPort() { return defaultPort; }

  String module() { return module; }

  Optional<Path> jar(StackLayout layout) {
    Path target = layout.repo().resolve(module).resolve("target");
    if (!Files.isDirectory(target)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(target)) {
      // Prefer a runnable '-exec' jar (a module that keeps its plain jar as main artifact).
      return files
          .filter(p -> {
            String f = p.getFileName().toString();
            return f.startsWith(artifactId + "-") && f.endsWith(".jar") && !f.endsWith("-sources.jar")
                && !f.endsWith("-tests.jar") && !f.endsWith("-javadoc.jar");
          })
          .filter(JarComponent::executable)
          .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().endsWith("-exec.jar"))
              .thenComparing(p -> p.getFileName().toString()))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean executable(Path jar) {
    try (JarFile jf = new JarFile(jar.toFile())) {
      return jf.getManifest() != null && jf.getManifest().getMainAttributes().getValue("Main-Class") != null;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public Optional<String> missing(StackLayout layout) {
    if (jar(layout).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("no executable jar in " + layout.repo().resolve(module).resolve("target")
        + " (expected " + artifactId + "-<version>[-exec].jar with a Main-Class; build it with ./mvnw -q -DskipTests install)");
  }

  @Override
  public void prepare(StackContext ctx) throws IOException {
    Files.createDirectories(ctx.layout().dataDir(name));
  }

  @Override
  public List<String> command(StackContext ctx) {
    Path jar = jar(ctx.layout()).orElseThrow(() -> new IllegalStateException(missing(ctx.layout()).orElse("")));
    List<String> cmd = new ArrayList<>();
    cmd.add(ctx.java());
    cmd.addAll(ctx.jvmOptions(heap));
    cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=com.bookiji.schemas");
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(arguments.apply(ctx));
    return cmd;
  }

  @Override
  public boolean ready(StackContext ctx) {
    String base = ctx.layout().url(defaultPort);
    for (Probe probe : probes) {
      try {
        Http.Response r = Http.get(base + probe.path(), probe.headers());
        if (r.status() == 404 && probes.indexOf(probe) < probes.size() - 1) {
          continue; // try the next, more general probe
        }
        return r.ok();
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  @Override
  public List<String[]> endpoints(StackContext ctx) {
    return endpoints.apply(ctx);
  }
}
