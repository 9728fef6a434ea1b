package com.bookiji.platform.messaging.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lowest-precedence defaults: Debezium 3.6 logs every dropped internal metrics sample at WARN
 * ("Failed to add measurement event to queue") when the relay is busy, which buries real warnings.
 * A service can still set the level itself.
 */
public class MessagingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment,
      SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource("bookijiMessagingDefaults",
        Map.of("logging.level.io.debezium.metrics.stats", "ERROR")));
  }
}
