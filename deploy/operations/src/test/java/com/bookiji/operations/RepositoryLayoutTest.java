package com.bookiji.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layout the docs promise: every link in the Markdown resolves (the top README's tour among
 * them), every Maven module has a README that says where it sits in the map and is on
 * docs/ARCHITECTURE.md's module map, and every service keeps its migrations under db/&lt;service&gt;.
 */
@DisplayName("repository layout and the docs that describe it")
class RepositoryLayoutTest {

  private static final Set<String> NOT_SOURCES = Set.of("target", ".git", "node_modules", ".mvn");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  @DisplayName("every relative link in every README and doc points at a file or folder that exists")
  void everyLinkResolves() {
    List<String> broken = new ArrayList<>();
    for (Path doc : files(p -> p.getFileName().toString().endsWith(".md"))) {
      Matcher m = LINK.matcher(read(doc));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
          continue; // http(s), mailto and in-page anchors
        }
        String file = target.replaceAll("#.*$", "");
        if (!Files.exists(doc.getParent().resolve(file).normalize())) {
          broken.add(Repo.root().relativize(doc) + " → " + target);
        }
      }
    }
    assertThat(broken).as("links to nothing").isEmpty();
  }

  @Test
  @DisplayName("every module has a README saying where it sits in the map, and the map lists it")
  void everyModuleHasItsPlaceInTheMap() {
    String architecture = Repo.read("docs/ARCHITECTURE.md");
    String map = architecture.substring(architecture.indexOf("## Modules"), architecture.indexOf("## Glossary"));
    List<String> missing = new ArrayList<>();
    for (Path module : jarModules()) {
      String name = Repo.root().relativize(module).toString();
      Path readme = module.resolve("README.md");
      if (!Files.isRegularFile(readme)) {
        missing.add(name + ": no README.md");
      } else if (!read(readme).contains("Place in the map")) {
        missing.add(name + ": README does not say its place in the map");
      }
      if (!map.contains(name)) {
        missing.add(name + ": not on the module map of docs/ARCHITECTURE.md");
      }
    }
    assertThat(jarModules()).as("modules found").hasSizeGreaterThan(10);
    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("every service's Flyway migrations are under db/<service>, none in the shared default db/migration")
  void migrationsLiveUnderTheirService() {
    for (String service : Repo.SERVICES) {
      String name = service.replace("-service", "");
      Path resources = Repo.path(service + "/src/main/resources");
      assertThat(resources.resolve("db/migration")).as(service).doesNotExist();
      assertThat(resources.resolve("db/" + name)).as(service).isDirectory();
      assertThat(Repo.read(service + "/src/main/resources/application.yml"))
          .as(service + " application.yml").contains("locations: classpath:db/" + name);
    }
  }

  private static List<Path> jarModules() {
    return files(p -> p.getFileName().toString().equals("pom.xml")).stream()
        .filter(pom -> !pom.getParent().equals(Repo.root()))
        .filter(pom -> !read(pom).contains("<packaging>pom</packaging>"))
        .map(Path::getParent)
        .sorted()
        .toList();
  }

  private static List<Path> files(java.util.function.Predicate<Path> wanted) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(Repo.root(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          boolean skipped = !dir.equals(Repo.root()) && (NOT_SOURCES.contains(name) || name.startsWith(".bookiji"));
          return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && wanted.test(file)) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
