package com.bookiji.platform.outbox.relay;

import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import java.util.Properties;

/**
 * What the relay hands Debezium's engine: the PostgreSQL connector reading the outbox table's
 * inserts through pgoutput, offsets in the relay's own table, and the operator's extras. Built
 * without a database, so a refused extra stops the service at startup.
 */
final class RelayEngineProperties {

  private RelayEngineProperties() {}

  static Properties of(RelayDatabase db, MessagingProperties.Relay settings, String relayName,
      String slotName, String topicPrefix) {
    Properties p = new Properties();
    p.setProperty("name", relayName);
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("topic.prefix", topicPrefix);
    db.debeziumConnectionProperties().forEach(p::setProperty);
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", slotName);
    p.setProperty("publication.name", settings.getPublicationName());
    p.setProperty("publication.autocreate.mode", "filtered");
    p.setProperty("table.include.list", settings.getTable());
    // Columns the relay never reads are not converted: created_at cost a timestamp parse and
    // format per event (it stays in the table for the backlog gauge and for operators).
    p.setProperty("column.exclude.list", settings.getTable().replace(".", "\\.")
        + "\\.(created_at|aggregate_type)");
    // Relayed rows are deleted again: only inserts matter (and a first start snapshots whatever
    // is still unrelayed, which is exactly what the table holds).
    p.setProperty("snapshot.mode", "initial");
    // A snapshot (first start, or a re-created slot) delivers the backlog in write order, so
    // per-key order holds across it.
    p.setProperty("snapshot.select.statement.overrides", settings.getTable());
    p.setProperty("snapshot.select.statement.overrides." + settings.getTable(),
        "SELECT * FROM " + settings.getTable() + " ORDER BY created_at, id");
    p.setProperty("skipped.operations", "u,d,t");
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("poll.interval.ms", String.valueOf(settings.getPollInterval().toMillis()));
    p.setProperty("max.batch.size", String.valueOf(settings.getMaxBatchSize()));
    p.setProperty("max.queue.size", String.valueOf(Math.max(settings.getMaxQueueSize(),
        settings.getMaxBatchSize() + 1)));
    p.setProperty("heartbeat.interval.ms", String.valueOf(settings.getHeartbeatInterval().toMillis()));
    p.setProperty("offset.flush.interval.ms",
        String.valueOf(settings.getOffsetFlushInterval().toMillis()));
    p.setProperty("offset.flush.timeout.ms", "10000");
    p.setProperty("offset.storage", JdbcOffsetBackingStore.class.getName());
    p.setProperty(JdbcOffsetBackingStore.URL, db.jdbcUrl());
    p.setProperty(JdbcOffsetBackingStore.USER, db.username());
    if (db.password() != null) {
      p.setProperty(JdbcOffsetBackingStore.PASSWORD, db.password());
    }
    p.setProperty(JdbcOffsetBackingStore.RELAY_NAME, relayName);
    p.setProperty("errors.max.retries", "0");
    return DebeziumExtraProperties.addTo(p, settings.getDebezium());
  }
}
