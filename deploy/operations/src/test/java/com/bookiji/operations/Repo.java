package com.bookiji.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository the build runs in, and reading its files. */
final class Repo {

  /** The services with their module directory and the HTTP port their application.yml defaults to. */
  static final List<String> SERVICES = List.of("availability-service", "payment-service",
      "reservation-service", "reconciler");

  private Repo() {
  }

  static Path root() {
    String configured = System.getProperty("bookiji.repo");
    Path start = Path.of(configured != null ? configured : "").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bookiji")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no Bookiji repository at or above " + start);
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object yaml(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new Yaml(new LoaderOptions()).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a multi-document YAML file. */
  static List<Object> yamlDocuments(Path file) {
    try {
      List<Object> docs = new java.util.ArrayList<>();
      for (Object d : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
        if (d != null) {
          docs.add(d);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }
}
