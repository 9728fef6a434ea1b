package com.bookiji.platform.testkit;

import com.bookiji.platform.lifecycle.Crashable;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts and kills Spring Boot applications inside a test, e.g. two instances of one service on
 * the same database to prove that only one relay is active and that the other takes over.
 */
public final class TestApps {

  private TestApps() {}

  /**
   * Runs {@code application} (a {@code @SpringBootApplication} class) without a web server with
   * the infrastructure's properties for {@code db} plus {@code overrides}.
   */
  public static ConfigurableApplicationContext start(Class<?> application, TestDatabase db,
      Map<String, String> overrides) {
    Map<String, Object> props = new HashMap<>(TestInfrastructure.shared().springProperties(db));
    props.putAll(overrides);
    SpringApplication app = new SpringApplication(application);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setRegisterShutdownHook(false);
    // As command-line arguments: they win over the application's own application.yml.
    String[] args = props.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    return app.run(args);
  }

  /**
   * Simulates the death of the application's process: every {@link Crashable} bean (the platform's
   * outbox relay: it aborts its lock session and producer without acknowledging anything in
   * flight) is crashed first, then the context is closed. What a real process death adds —
   * connections dropped by the OS — is what {@code crash()} does by hand.
   *
   * @return the beans that were crashed, by bean name
   */
  public static Map<String, Crashable> kill(ConfigurableApplicationContext context) {
    Map<String, Crashable> crashable = context.getBeansOfType(Crashable.class);
    // Before the context closes: its close is graceful and would let them acknowledge what they hold.
    crashable.values().forEach(Crashable::crash);
    context.close();
    return crashable;
  }
}
