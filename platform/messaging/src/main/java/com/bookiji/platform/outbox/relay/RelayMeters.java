package com.bookiji.platform.outbox.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Registers the relay's meters, each tagged with the database it relays: a JVM may run several
 * relays (one per database, as tests do), and the tag keeps their figures apart.
 */
final class RelayMeters {

  private final MeterRegistry registry;
  private final String database;

  RelayMeters(MeterRegistry registry, String database) {
    this.registry = registry;
    this.database = database;
  }

  MeterRegistry registry() { return registry; }

  Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("database", database)
        .register(registry);
  }

  <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).tag("database", database)
        .register(registry);
  }

  <T> void gaugeInSeconds(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value).description(description).baseUnit("seconds")
        .tag("database", database).register(registry);
  }
}
