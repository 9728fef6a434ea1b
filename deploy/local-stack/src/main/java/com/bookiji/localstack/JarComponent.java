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

  /** How to tell the component is ready, given its base URL. */
  @FunctionalInterface
  interface Readiness {
    boolean ready(String baseUrl) throws IOException, InterruptedException;

    /** An HTTP GET that must answer 2xx. */
    static Readiness get(String path, Map<String, String> headers) {
      return base -> Http.get(base + path, headers).ok();
    }
  }

  private final String name;
  private final String module;
  private final String artifactId;
  private final int defaultPort;
  private final String heap;
  private final Function<StackContext, List<String>> arguments;
  private final Readiness readiness;
  private final Function<StackContext, List<String[]>> endpoints;
  private String browserUse;

  JarComponent(String name, String module, String artifactId, int defaultPort, String heap,
      Function<StackContext, List<String>> arguments, Readiness readiness,
      Function<StackContext, List<String[]>> endpoints) {
    this.name = name;
    this.module = module;
    this.artifactId = artifactId;
    this.defaultPort = defaultPort;
    this.heap = heap;
    this.arguments = arguments;
    this.readiness = readiness;
    this.endpoints = endpoints;
  }

  @Override
  public String name() { return name; }

  @Override
  public int defaultPort() { return defaultPort; }

  String module() { return module; }

  /** Every jar component serves HTTP on loopback, so a browser may open it. */
  @Override
  public boolean browserFacing() { return true; }

  @Override
  public String browserUse() {
    return browserUse != null ? browserUse : Component.super.browserUse();
  }

  /** Names what a user opens in a browser here (for the bad-port refusal); returns this. */
  JarComponent openedInBrowserFor(String use) {
    this.browserUse = use;
    return this;
  }

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

  /**
   * A running Spring Boot jar reads its nested jars lazily, so a rebuild of the module (which
   * replaces target/*.jar) would break the running process. Each process runs from its own copy in
   * the state directory instead, taken when it starts and checked to be a complete jar (the module
   * may be in the middle of being rebuilt).
   */
  Path snapshot(StackLayout layout, Path built) {
    Path copy = layout.stateDir().resolve("jars").resolve(name + ".jar");
    try {
      Files.createDirectories(copy.getParent());
      for (int attempt = 1; ; attempt++) {
        if (Files.exists(copy) && Files.size(copy) == Files.size(built)
            && Files.getLastModifiedTime(copy).toMillis() == Files.getLastModifiedTime(built).toMillis()) {
          return copy;
        }
        Path tmp = copy.resolveSibling(name + ".jar.tmp");
        Files.copy(built, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        if (executable(tmp)) {
          Files.move(tmp, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          return copy;
        }
        Files.deleteIfExists(tmp);
        if (attempt == 10) {
          throw new IllegalStateException(built + " is not a complete executable jar (is it being rebuilt?)");
        }
        Thread.sleep(3000);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot copy " + built + " to " + copy, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while copying " + built, e);
    }
  }

  /** True when the module has been rebuilt since the running copy was taken. */
  boolean runsOlderBuild(StackLayout layout) {
    Path copy = layout.stateDir().resolve("jars").resolve(name + ".jar");
    try {
      Optional<Path> built = jar(layout);
      return built.isPresent() && Files.exists(copy)
          && Files.getLastModifiedTime(copy).toMillis() != Files.getLastModifiedTime(built.get()).toMillis();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public List<String> command(StackContext ctx) {
    Path jar = snapshot(ctx.layout(), jar(ctx.layout())
        .orElseThrow(() -> new IllegalStateException(missing(ctx.layout()).orElse(""))));
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
    try {
      return readiness.ready(ctx.layout().url(defaultPort));
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public List<String[]> endpoints(StackContext ctx) {
    return endpoints.apply(ctx);
  }
}
