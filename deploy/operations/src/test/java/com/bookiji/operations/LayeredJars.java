package com.bookiji.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/** Spring Boot layered jars, handled the way deploy/images/Dockerfile handles them. */
final class LayeredJars {

  static final List<String> IMAGES = List.of("availability-service", "payment-service",
      "reservation-service", "reconciler", "schema-registry", "stripe-simulator");

  private LayeredJars() {
  }

  /** The executable jar of a module, copied by the build to target/executable-jars. */
  static Path executableJar(String module) {
    Path jar = Path.of("target/executable-jars", module + ".jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run this module's tests through Maven"
          + " (it copies the executable jars in process-test-resources)");
    }
    return jar;
  }

  /** The layer names of a jar's BOOT-INF/layers.idx, in order. */
  static List<String> layers(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var entry = zip.getEntry("BOOT-INF/layers.idx");
      if (entry == null) {
        return List.of();
      }
      String index = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
      List<String> layers = new ArrayList<>();
      Matcher m = Pattern.compile("^- \"([^\"]+)\":", Pattern.MULTILINE).matcher(index);
      while (m.find()) {
        layers.add(m.group(1));
      }
      return layers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code java -Djarmode=tools -jar x.jar extract --layers --launcher}, as the image's build stage runs it. */
  static Path extract(Path jar, Path into) throws IOException, InterruptedException {
    Path destination = into.resolve("extracted");
    Process p = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--layers",
        "--launcher", "--destination", destination.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("extract failed: " + output);
    }
    return destination;
  }

  /** The image's COPY steps: every layer, in the Dockerfile's order, into one directory. */
  static Path assemble(Path extracted, List<String> layerOrder, Path application) throws IOException {
    Files.createDirectories(application);
    for (String layer : layerOrder) {
      Path from = extracted.resolve(layer);
      if (!Files.isDirectory(from)) {
        continue; // an empty layer (no snapshot dependencies) is not written by the extract either
      }
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.toList()) {
          Path to = application.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    return application;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
