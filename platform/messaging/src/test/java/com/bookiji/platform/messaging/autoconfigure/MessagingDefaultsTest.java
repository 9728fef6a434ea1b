package com.bookiji.platform.messaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

@DisplayName("Messaging defaults: a stalled database socket cannot hang the service's pool forever (#22)")
class MessagingDefaultsTest {

  @Test
  @DisplayName("the pool's PostgreSQL connections get TCP keep-alive and a socket timeout, which a service may override")
  void poolConnectionsHaveKeepAliveAndSocketTimeout() {
    StandardEnvironment defaults = new StandardEnvironment();
    new MessagingDefaultsEnvironmentPostProcessor().postProcessEnvironment(defaults,
        new SpringApplication());
    HikariDataSource pool = bind(defaults);
    assertThat(pool.getDataSourceProperties())
        .containsEntry("tcpKeepAlive", "true")
        .containsEntry("socketTimeout", "120");

    StandardEnvironment overridden = new StandardEnvironment();
    overridden.getPropertySources().addFirst(new MapPropertySource("service", Map.of(
        "spring.datasource.hikari.data-source-properties.socketTimeout", "300")));
    new MessagingDefaultsEnvironmentPostProcessor().postProcessEnvironment(overridden,
        new SpringApplication());
    assertThat(bind(overridden).getDataSourceProperties()).containsEntry("socketTimeout", "300");
  }

  /** Binds {@code spring.datasource.hikari} as Spring Boot's DataSource auto-configuration does. */
  private static HikariDataSource bind(StandardEnvironment environment) {
    HikariDataSource pool = new HikariDataSource();
    Binder.get(environment).bind("spring.datasource.hikari",
        org.springframework.boot.context.properties.bind.Bindable.ofInstance(pool));
    return pool;
  }
}
