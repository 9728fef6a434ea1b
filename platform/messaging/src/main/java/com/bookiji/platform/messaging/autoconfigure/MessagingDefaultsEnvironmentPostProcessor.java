package com.bookiji.platform.messaging.autoconfigure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lowest-precedence defaults a service can still override:
 * <ul>
 *   <li>Debezium 3.6 logs every dropped internal metrics sample at WARN ("Failed to add
 *       measurement event to queue") when the relay is busy, which buries real warnings.</li>
 *   <li>The service's connection pool (inbox consumers, outbox appends, the relay's own queries)
 *       must not hang on a stalled socket: Hikari bounds borrowing (30 s) and validation (5 s) and
 *       keeps idle connections alive (2 min), but a statement already sent to a server that
 *       vanished or froze waits as long as the socket does. The PostgreSQL driver is given TCP
 *       keep-alive (a dead peer is noticed by the kernel) and a socket timeout of
 *       {@value #SOCKET_TIMEOUT_SECONDS} s — well above any statement or lock wait of these
 *       services — after which the connection fails, is evicted and replaced, and the consumer
 *       retries the message.</li>
 *   <li>Every trace is sampled ({@code management.tracing.sampling.probability}, Spring Boot's
 *       default is 10 %): a saga is rare enough, and a reservation followed end to end only helps
 *       on-call when none of its steps is missing. Spans leave the process only when an OTLP
 *       endpoint is configured (docs/observability.md).</li>
 *   <li>Text log lines name the reservation next to trace and span id (Spring Boot's correlation
 *       field, one more MDC key): the inbox and reservation-service's web layer set
 *       {@code reservationId} while they work on one. JSON logs carry the whole MDC anyway.</li>
 * </ul>
 */
public class MessagingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final int SOCKET_TIMEOUT_SECONDS = 120;
  static final String CORRELATION_PATTERN = "%correlationId{traceId(32),spanId(16),reservationId(36)}";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment,
      SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource("bookijiMessagingDefaults",
        Map.of("logging.level.io.debezium.metrics.stats", "ERROR",
            "spring.datasource.hikari.data-source-properties.tcpKeepAlive", "true",
            "spring.datasource.hikari.data-source-properties.socketTimeout",
            String.valueOf(SOCKET_TIMEOUT_SECONDS),
            "management.tracing.sampling.probability", "1.0",
            "logging.pattern.correlation", CORRELATION_PATTERN)));
  }
}
