package com.bookiji.reservation.it;

import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts another Bookiji service (from its plain jar on the test classpath) in this JVM. Each
 * service keeps its Flyway migrations in a location of its own ({@code db/availability},
 * {@code db/payment}, {@code db/reservation}), so they do not clash on a shared classpath; but
 * every service has an {@code application.yml} at the classpath root, where this module's own
 * wins: the service's copy is extracted from its jar and pointed at explicitly.
 */
final class ForeignService {

  private ForeignService() {}

  /** The application class; fails when its module's plain jar is not on the test classpath. */
  static Class<?> require(String className) {
    try {
      return Class.forName(className);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(className + " cannot be loaded: its module's plain jar is not on the "
          + "test classpath (a Spring Boot repackaged jar keeps its classes under BOOT-INF/ and does not count)", e);
    }
  }

  static ConfigurableApplicationContext start(Class<?> application, TestDatabase db, Map<String, String> overrides) {
    return start(application, db, overrides, context -> { });
  }

  static ConfigurableApplicationContext start(Class<?> application, TestDatabase db, Map<String, String> overrides,
      ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
    Path config = extractApplicationYml(application);
    Map<String, String> props = new HashMap<>(TestInfrastructure.shared().springProperties(db));
    props.put("server.port", "0");
    props.put("bookiji.security.jwt.secret", ReservationApp.JWT_SECRET);
    props.put("spring.config.location", "file:" + config);
    props.put("logging.level.org.apache.kafka", "WARN");
    props.put("logging.level.io.debezium", "WARN");
    props.putAll(overrides);
    SpringApplication app = new SpringApplication(application);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    app.setRegisterShutdownHook(false);
    app.addInitializers(initializer);
    return app.run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
  }

  static String baseUrl(ConfigurableApplicationContext context) {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  private static Path extractApplicationYml(Class<?> application) {
    try {
      Path source = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = Files.createTempDirectory("bookiji-" + application.getSimpleName()).resolve("application.yml");
      if (Files.isDirectory(source)) {
        Files.copy(source.resolve("application.yml"), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
      }
      try (JarFile jar = new JarFile(source.toFile())) {
        ZipEntry entry = jar.getEntry("application.yml");
        if (entry == null) {
          throw new IllegalStateException("no application.yml in " + source);
        }
        try (InputStream in = jar.getInputStream(entry)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return target;
    } catch (Exception e) {
      throw new IllegalStateException("cannot extract the application.yml of " + application, e);
    }
  }
}
