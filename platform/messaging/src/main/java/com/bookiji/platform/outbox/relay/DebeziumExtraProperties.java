package com.bookiji.platform.outbox.relay;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Debezium settings an operator adds under {@code bookiji.outbox.relay.debezium.*} (e.g.
 * {@code slot.failover=true}, {@code status.update.interval.ms}, {@code driver.*}). They may only
 * add: a key the relay sets itself (from its own settings or the JDBC URL), and the record-shaping
 * keys the relay's reading of change events depends on ({@code transforms}, {@code predicates},
 * converters, {@code offset.storage.*}), are refused at startup with the property that owns it.
 */
public final class DebeziumExtraProperties {

  private static final List<String> RELAY_OWNED_PREFIXES = List.of("transforms", "predicates",
      "key.converter", "value.converter", "header.converter", "offset.storage",
      "snapshot.select.statement.overrides", "bookiji.offsets.");

  private static final Map<String, String> OWNERS = Map.ofEntries(
      Map.entry("slot.name", "bookiji.outbox.relay.slot-name"),
      Map.entry("publication.name", "bookiji.outbox.relay.publication-name"),
      Map.entry("table.include.list", "bookiji.outbox.relay.table"),
      Map.entry("poll.interval.ms", "bookiji.outbox.relay.poll-interval"),
      Map.entry("max.batch.size", "bookiji.outbox.relay.max-batch-size"),
      Map.entry("max.queue.size", "bookiji.outbox.relay.max-queue-size"),
      Map.entry("heartbeat.interval.ms", "bookiji.outbox.relay.heartbeat-interval"),
      Map.entry("offset.flush.interval.ms", "bookiji.outbox.relay.offset-flush-interval"),
      Map.entry("database.hostname", "spring.datasource.url"),
      Map.entry("database.port", "spring.datasource.url"),
      Map.entry("database.dbname", "spring.datasource.url"),
      Map.entry("database.user", "spring.datasource.username"),
      Map.entry("database.password", "spring.datasource.password"));

  private DebeziumExtraProperties() { }

  /** The relay's properties with the extras added; refuses every extra that would replace one. */
  public static Properties addTo(Properties relayOwned, Map<String, String> extras) {
    List<String> refused = extras.keySet().stream().sorted()
        .filter(key -> relayOwned.containsKey(key)
            || RELAY_OWNED_PREFIXES.stream().anyMatch(key::startsWith))
        .map(key -> key + " (" + ownerOf(key) + ")")
        .toList();
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException("bookiji.outbox.relay.debezium may only add Debezium "
          + "settings the relay does not set itself; refused: " + String.join(", ", refused));
    }
    Properties merged = new Properties();
    merged.putAll(relayOwned);
    merged.putAll(extras);
    return merged;
  }

  private static String ownerOf(String key) {
    if (OWNERS.containsKey(key)) {
      return "set " + OWNERS.get(key) + " instead";
    }
    if (key.startsWith("database.") || key.startsWith("driver.")) {
      return "it comes from the JDBC URL's parameters: set it there";
    }
    return "the relay depends on its own value";
  }
}
