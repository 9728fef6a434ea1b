package com.bookiji.payment.it;

import com.bookiji.payment.PaymentServiceApplication;
import com.bookiji.payment.application.ProviderCallObserver;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running payment-service (a whole Spring Boot application) on a test database, calling the
 * Stripe simulator at {@code stripeApiBase}, with {@code observer} watching its Stripe calls.
 */
final class PaymentApp implements AutoCloseable {

  /** Short Stripe timeouts and quick retries, and no scheduled sweep: a test sweeps by hand. */
  static final Map<String, String> TEST_PROPERTIES = Map.of(
      "bookiji.stripe.read-timeout", "1500ms",
      "bookiji.stripe.retry.max-attempts", "6",
      "bookiji.stripe.retry.initial-backoff", "50ms",
      "bookiji.stripe.retry.max-backoff", "400ms",
      "bookiji.stripe.retry.max-retry-after", "1500ms",
      "bookiji.payment.sweep.enabled", "false",
      "bookiji.payment.sweep.pending-grace", "0s",
      "bookiji.payment.sweep.recheck-after", "0s",
      "bookiji.security.jwt.secret", "payment-service-integration-test-secret-0123456789");

  private final ConfigurableApplicationContext context;

  private PaymentApp(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static PaymentApp start(TestDatabase db, String stripeApiBase, Map<String, String> overrides,
      ProviderCallObserver observer) {
    Map<String, Object> props = new HashMap<>(TestInfrastructure.shared().springProperties(db));
    props.put("server.port", "0");
    props.put("bookiji.stripe.api-base", stripeApiBase);
    props.putAll(TEST_PROPERTIES);
    props.putAll(overrides);
    // As command-line arguments: they win over application.yml, as they would in production.
    String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    return new PaymentApp(new SpringApplicationBuilder(PaymentServiceApplication.class)
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton("observer", observer))
        .run(args));
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  <T> T property(String name, Class<T> type) {
    return context.getEnvironment().getRequiredProperty(name, type);
  }

  <T> T property(String name, Class<T> type, T otherwise) {
    return context.getEnvironment().getProperty(name, type, otherwise);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Override
  public void close() {
    if (context.isActive()) {
      context.close();
    }
  }
}
