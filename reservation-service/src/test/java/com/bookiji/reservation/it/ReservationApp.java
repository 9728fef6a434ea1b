package com.bookiji.reservation.it;

import com.bookiji.platform.testkit.TestApps;
import com.bookiji.platform.testkit.TestClock;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.reservation.ReservationServiceApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** reservation-service running in the test JVM on a random port, against the shared infrastructure. */
public final class ReservationApp implements AutoCloseable {

  public static final String JWT_SECRET = "reservation-it-secret-0123456789abcdef";

  private final ConfigurableApplicationContext context;
  private final TestClock clock;

  private ReservationApp(ConfigurableApplicationContext context, TestClock clock) {
    this.context = context;
    this.clock = clock;
  }

  public static ReservationApp start(TestDatabase db, TestClock clock, Map<String, String> overrides) {
    return start(db, clock, overrides, context -> { });
  }

  public static ReservationApp start(TestDatabase db, TestClock clock, Map<String, String> overrides,
      ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
    Map<String, String> props = new HashMap<>(TestInfrastructure.shared().springProperties(db));
    props.put("server.port", "0");
    props.put("bookiji.security.jwt.secret", JWT_SECRET);
    props.put("bookiji.reservation.deadline-poll-interval", "100ms");
    props.put("bookiji.reservation.metrics-refresh-interval", "500ms");
    props.put("logging.level.com.bookiji", "INFO");
    props.put("logging.level.org.apache.kafka", "WARN");
    props.put("logging.level.io.debezium", "WARN");
    props.putAll(overrides);
    SpringApplication app = new SpringApplication(ReservationServiceApplication.class);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    app.setRegisterShutdownHook(false);
    app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("testClock", clock));
    app.addInitializers(initializer);
    String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    return new ReservationApp(app.run(args), clock);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public TestClock clock() {
    return clock;
  }

  /** Like kill -9 as far as the application can tell: the relay and consumers die without goodbyes. */
  public void kill() {
    TestApps.kill(context);
  }

  @Override
  public void close() {
    if (context.isActive()) {
      context.close();
    }
  }
}
