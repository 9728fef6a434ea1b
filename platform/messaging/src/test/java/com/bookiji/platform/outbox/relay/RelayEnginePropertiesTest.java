package com.bookiji.platform.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** What the relay hands Debezium: built without a database (nothing connects before start()). */
class RelayEnginePropertiesTest {

  private static final String URL =
      "jdbc:postgresql://pg.example:5432/payment?sslmode=verify-full&sslrootcert=/certs/ca.crt"
          + "&ApplicationName=payment";

  private static OutboxRelay relay(Map<String, String> extras) {
    MessagingProperties.Relay settings = new MessagingProperties().getOutbox().getRelay();
    settings.setDebezium(extras);
    return new OutboxRelay(RelayDatabase.fromJdbcUrl(URL, "svc", "pw"), settings, Map.of(),
        new PGSimpleDataSource(), new SimpleMeterRegistry());
  }

  @Test
  @DisplayName("the JDBC URL's parameters reach the engine")
  void urlParametersReachTheEngine() {
    Properties engine = relay(Map.of()).engineProperties();
    assertThat(engine)
        .containsEntry("database.hostname", "pg.example")
        .containsEntry("database.sslmode", "verify-full")
        .containsEntry("database.sslrootcert", "/certs/ca.crt")
        .containsEntry("driver.ApplicationName", "payment")
        .containsEntry(JdbcOffsetBackingStore.URL, URL);
  }

  @Test
  @DisplayName("extra Debezium settings are passed to the engine as they are")
  void extrasReachTheEngine() {
    Properties engine = relay(Map.of("slot.failover", "true", "status.update.interval.ms", "5000",
        "driver.tcpKeepAlive", "true")).engineProperties();
    assertThat(engine)
        .containsEntry("slot.failover", "true")
        .containsEntry("status.update.interval.ms", "5000")
        .containsEntry("driver.tcpKeepAlive", "true")
        .containsEntry("plugin.name", "pgoutput");
  }

  @Test
  @DisplayName("an extra set as an environment variable, or in YAML with brackets, binds to the Debezium key")
  void extrasBindFromEnvironmentAndYaml() {
    MutablePropertySources sources = new MutablePropertySources();
    sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        Map.of("BOOKIJI_OUTBOX_RELAY_DEBEZIUM_SLOT_FAILOVER", "true")));
    sources.addLast(new MapPropertySource("yaml",
        Map.of("bookiji.outbox.relay.debezium[status.update.interval.ms]", "5000")));
    MessagingProperties bound = new Binder(ConfigurationPropertySources.from(sources))
        .bindOrCreate("bookiji", MessagingProperties.class);
    assertThat(bound.getOutbox().getRelay().getDebezium())
        .containsEntry("slot.failover", "true")
        .containsEntry("status.update.interval.ms", "5000");
  }

  @Test
  @DisplayName("an extra that would replace one of the relay's own settings stops startup, naming where to set it")
  void relayOwnedSettingsAreRefused() {
    assertThatThrownBy(() -> relay(Map.of("slot.name", "other", "poll.interval.ms", "100")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slot.name (set bookiji.outbox.relay.slot-name instead)")
        .hasMessageContaining("poll.interval.ms (set bookiji.outbox.relay.poll-interval instead)");
    assertThatThrownBy(() -> relay(Map.of("database.sslmode", "disable")))
        .hasMessageContaining("database.sslmode (it comes from the JDBC URL's parameters");
    assertThatThrownBy(() -> relay(Map.of("transforms", "outbox",
        "transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter")))
        .hasMessageContaining("transforms (the relay depends on its own value)")
        .hasMessageContaining("transforms.outbox.type");
    assertThatThrownBy(() -> relay(Map.of("plugin.name", "decoderbufs")))
        .hasMessageContaining("plugin.name");
  }
}
