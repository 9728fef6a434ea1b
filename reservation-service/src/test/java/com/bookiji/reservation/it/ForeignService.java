package com.bookiji.reservation.it;

import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts another Bookiji service (from its plain jar on the test classpath) in this JVM. Every
 * service keeps {@code application.yml} and {@code db/migration} at the classpath root, so on a
 * shared classpath they would see each other's: its own copies are extracted from its jar and
 * pointed at explicitly.
 */
final class ForeignService {

  private ForeignService() {}

  /** The application class, when its jar is on the classpath as a plain (not repackaged) jar. */
  static Optional<Class<?>> find(String className) {
    try {
      return Optional.of(Class.forName(className));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  static ConfigurableApplicationContext start(Class<?> application, TestDatabase db, Map<String, String> overrides) {
    Path own = extractOwnResources(application);
    Map<String, String> props = new HashMap<>(TestInfrastructure.shared().springProperties(db));
    props.put("server.port", "0");
    props.put("bookiji.security.jwt.secret", ReservationApp.JWT_SECRET);
    if (Files.exists(own.resolve("application.yml"))) {
      props.put("spring.config.location", "file:" + own.resolve("application.yml"));
    }
    props.put("spring.flyway.locations", "filesystem:" + own.resolve("db/migration"));
    props.put("logging.level.org.apache.kafka", "WARN");
    props.put("logging.level.io.debezium", "WARN");
    props.putAll(overrides);
    SpringApplication app = new SpringApplication(application);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    app.setRegisterShutdownHook(false);
    return app.run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  static String baseUrl(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  private static Path extractOwnResources(Class<?> application) {
    try {
      Path source = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = Files.createTempDirectory("bookiji-" + application.getSimpleName());
      Files.createDirectories(target.resolve("db/migration"));
      if (Files.isDirectory(source)) {
        copy(source.resolve("application.yml"), target.resolve("application.yml"));
        if (Files.isDirectory(source.resolve("db/migration"))) {
          try (Stream<Path> files = Files.list(source.resolve("db/migration"))) {
            for (Path f : files.toList()) {
              copy(f, target.resolve("db/migration").resolve(f.getFileName().toString()));
            }
          }
        }
        return target;
      }
      try (JarFile jar = new JarFile(source.toFile())) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          JarEntry e = entries.nextElement();
          boolean wanted = e.getName().equals("application.yml")
              || (e.getName().startsWith("db/migration/") && !e.isDirectory());
          if (wanted) {
            try (InputStream in = jar.getInputStream(e)) {
              Files.copy(in, target.resolve(e.getName()), StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
      return target;
    } catch (Exception e) {
      throw new IllegalStateException("cannot extract the resources of " + application, e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    if (Files.exists(from)) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
