package com.bookiji.platform.outbox.relay;

import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Streams the {@code outbox} table to Kafka with Debezium embedded (pgoutput logical replication).
 *
 * <p><b>One active relay per database.</b> A supervisor thread takes
 * {@code pg_try_advisory_lock} on a dedicated connection; the holder runs the engine, every other
 * instance is a standby that retries every {@code lock-retry-interval}. When the holder's process
 * dies its session ends, PostgreSQL releases the lock and a standby takes over within about a
 * second. The holder checks its lock connection every interval and stops streaming at once if it
 * is gone, so two engines never stream concurrently for long (and the replication slot itself
 * admits only one reader).
 *
 * <p><b>At least once, in commit order.</b> A batch is sent with an idempotent producer
 * (acks=all), flushed, and only when every send is acknowledged are its rows deleted and its
 * records marked processed; offsets (the slot position) are committed from those marks. A crash
 * anywhere re-streams from the last committed position: duplicates, never losses. Consumers drop
 * duplicates through the inbox (same eventId).
 */
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final RelayDatabase db;
  private final MessagingProperties.Relay settings;
  private final Map<String, Object> producerConfig;
  private final DataSource dataSource;
  private final String slotName;
  private final String relayName;
  private final String outboxTopic;
  private final Counter relayedCounter;
  private final BacklogSampler backlog;

  private final Object lifecycleMonitor = new Object();
  private volatile boolean running;
  private volatile boolean crashed;
  private volatile Thread supervisor;
  private volatile RelayRole role = RelayRole.STOPPED;
  private volatile boolean streaming;
  private volatile Throwable lastError;
  private volatile Instant activeSince;
  private volatile Connection lockConnection;
  private volatile KafkaProducer<String, byte[]> producer;
  private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

  public OutboxRelay(RelayDatabase db, MessagingProperties.Relay settings,
      Map<String, Object> producerConfig, DataSource dataSource, MeterRegistry meters) {
    this.db = db;
    this.settings = settings;
    this.producerConfig = new HashMap<>(producerConfig);
    this.dataSource = dataSource;
    this.slotName = settings.getSlotName() != null ? settings.getSlotName()
        : "bookiji_outbox_" + db.identifier();
    this.relayName = slotName;
    this.outboxTopic = topicPrefix() + "." + settings.getTable();
    this.relayedCounter = Counter.builder("bookiji.outbox.relayed")
        .description("outbox messages published to Kafka by this instance's relay")
        .tag("database", db.database()).register(meters);
    this.backlog = new BacklogSampler(dataSource, settings.getTable());
    Gauge.builder("bookiji.outbox.backlog", backlog, BacklogSampler::rows)
        .description("outbox rows not yet relayed").tag("database", db.database())
        .register(meters);
    Gauge.builder("bookiji.outbox.relay.lag", backlog, BacklogSampler::lagSeconds)
        .description("seconds since the oldest unrelayed outbox row was written (0 when empty)")
        .baseUnit("seconds").tag("database", db.database()).register(meters);
    Gauge.builder("bookiji.outbox.relay.active", this, r -> r.isStreaming() ? 1 : 0)
        .description("1 when this instance holds the relay lock and streams")
        .tag("database", db.database()).register(meters);
  }

  private String topicPrefix() {
    return "outbox_relay_" + db.identifier();
  }

  public RelayRole role() { return role; }

  public boolean isStreaming() { return streaming && role == RelayRole.ACTIVE; }

  public Throwable lastError() { return lastError; }

  public Instant activeSince() { return activeSince; }

  public String slotName() { return slotName; }

  public long relayedCount() { return (long) relayedCounter.count(); }

  @Override
  public void start() {
    synchronized (lifecycleMonitor) {
      if (running) {
        return;
      }
      running = true;
      crashed = false;
      Thread t = new Thread(this::supervise, "outbox-relay-" + db.identifier());
      t.setDaemon(true);
      supervisor = t;
      t.start();
    }
  }

  /** Graceful stop: finishes the batch in hand, commits offsets, releases the lock. */
  @Override
  public void stop() {
    synchronized (lifecycleMonitor) {
      running = false;
      joinSupervisor();
    }
  }

  /**
   * Simulates the death of this process for tests: the lock session and the producer are torn
   * down at once and nothing in flight is acknowledged, so whatever was not yet committed is
   * re-streamed by the next active relay.
   */
  public void crash() {
    synchronized (lifecycleMonitor) {
      crashed = true;
      running = false;
      Connection c = lockConnection;
      if (c != null) {
        try {
          c.abort(Runnable::run);
        } catch (SQLException e) {
          log.debug("abort lock connection", e);
        }
      }
      KafkaProducer<String, byte[]> p = producer;
      if (p != null) {
        p.close(Duration.ZERO);
      }
      joinSupervisor();
    }
  }

  private void joinSupervisor() {
    Thread t = supervisor;
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(60).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    supervisor = null;
  }

  @Override
  public boolean isRunning() { return running; }

  /** Stop late (after inbox consumers), start early. */
  @Override
  public int getPhase() { return Integer.MAX_VALUE - 1000; }

  private void supervise() {
    while (running) {
      try {
        if (tryLock()) {
          role = RelayRole.ACTIVE;
          activeSince = Instant.now();
          log.info("outbox relay for {} is ACTIVE (slot {})", db.database(), slotName);
          streamWhileHoldingLock();
        } else {
          role = RelayRole.STANDBY;
        }
      } catch (Exception e) {
        lastError = e;
        log.warn("outbox relay for {}: {}", db.database(), e.toString());
      }
      if (running) {
        pause(settings.getLockRetryInterval());
      }
    }
    streaming = false;
    releaseLock();
    role = RelayRole.STOPPED;
  }

  private boolean tryLock() {
    try {
      Connection c = lockConnection;
      if (c == null || c.isClosed()) {
        Properties p = new Properties();
        p.setProperty("user", db.username());
        if (db.password() != null) {
          p.setProperty("password", db.password());
        }
        p.setProperty("ApplicationName", "bookiji-outbox-relay-lock");
        p.setProperty("tcpKeepAlive", "true");
        c = DriverManager.getConnection(db.jdbcUrl(), p);
        lockConnection = c;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
        ps.setString(1, "bookiji.outbox.relay." + slotName);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getBoolean(1);
        }
      }
    } catch (SQLException e) {
      lastError = e;
      closeLockConnection();
      return false;
    }
  }

  private boolean lockAlive() {
    Connection c = lockConnection;
    if (c == null || crashed) {
      return false;
    }
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void releaseLock() {
    Connection c = lockConnection;
    if (c != null && !crashed) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
        ps.execute();
      } catch (SQLException e) {
        log.debug("unlock", e);
      }
    }
    closeLockConnection();
  }

  private void closeLockConnection() {
    Connection c = lockConnection;
    lockConnection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("close lock connection", e);
      }
    }
  }

  private void streamWhileHoldingLock() throws InterruptedException {
    KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig, new StringSerializer(),
        new ByteArraySerializer());
    producer = p;
    DebeziumEngine<RecordChangeEvent<SourceRecord>> e = DebeziumEngine
        .create(ChangeEventFormat.of(Connect.class))
        .using(engineProperties())
        .using(new DebeziumEngine.ConnectorCallback() {
          @Override
          public void pollingStarted() {
            streaming = true;
          }

          @Override
          public void pollingStopped() {
            streaming = false;
          }
        })
        .using((success, message, error) -> {
          streaming = false;
          if (!success && running) {
            lastError = error != null ? error : new IllegalStateException(message);
            log.warn("outbox relay engine for {} stopped: {}", db.database(), message, error);
          }
        })
        .notifying(new BatchHandler(p))
        .build();
    engine = e;
    Thread engineThread = new Thread(e, "outbox-relay-engine-" + db.identifier());
    engineThread.setDaemon(true);
    engineThread.start();
    boolean lockLost = false;
    try {
      while (running && engineThread.isAlive()) {
        engineThread.join(settings.getLockRetryInterval().toMillis());
        if (!lockAlive()) {
          lockLost = true;
          if (!crashed) {
            log.error("outbox relay for {} lost its lock connection: stopping the engine", db.database());
          }
          break;
        }
      }
    } finally {
      closeEngine(e, engineThread);
      p.close(crashed ? Duration.ZERO : Duration.ofSeconds(5));
      producer = null;
      streaming = false;
      if (lockLost) {
        closeLockConnection();
        role = RelayRole.STANDBY;
      }
    }
  }

  private void closeEngine(DebeziumEngine<?> e, Thread engineThread) throws InterruptedException {
    try {
      e.close();
    } catch (Exception ex) {
      log.debug("engine close", ex);
    }
    engineThread.join(TimeUnit.SECONDS.toMillis(30));
    engine = null;
  }

  private Properties engineProperties() {
    Properties p = new Properties();
    p.setProperty("name", relayName);
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("topic.prefix", topicPrefix());
    p.setProperty("database.hostname", db.host());
    p.setProperty("database.port", String.valueOf(db.port()));
    p.setProperty("database.dbname", db.database());
    p.setProperty("database.user", db.username());
    if (db.password() != null) {
      p.setProperty("database.password", db.password());
    }
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
    return p;
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Publishes one Debezium batch; marks it processed only after Kafka acknowledged all of it. */
  private final class BatchHandler
      implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private final KafkaProducer<String, byte[]> producer;

    BatchHandler(KafkaProducer<String, byte[]> producer) {
      this.producer = producer;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
        throws InterruptedException {
      List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
      List<String> ids = new ArrayList<>(records.size());
      for (RecordChangeEvent<SourceRecord> event : records) {
        SourceRecord source = event.record();
        if (!outboxTopic.equals(source.topic()) || !(source.value() instanceof Struct value)) {
          continue; // heartbeats, tombstones
        }
        String op = value.getString("op");
        if (!"c".equals(op) && !"r".equals(op)) {
          continue; // our own deletes (skipped upstream as well)
        }
        Struct row = value.getStruct("after");
        ProducerRecord<String, byte[]> record = toProducerRecord(row);
        ids.add(row.getString("id"));
        sends.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        try {
          send.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          throw new IllegalStateException("Kafka did not acknowledge an outbox record; the batch "
              + "will be re-streamed", e);
        }
      }
      if (crashed) {
        // Dying mid-batch: acknowledge nothing, the next active relay re-streams it.
        throw new InterruptedException("relay stopping before commit of a batch");
      }
      deleteRelayed(ids);
      for (RecordChangeEvent<SourceRecord> event : records) {
        committer.markProcessed(event);
      }
      committer.markBatchFinished();
      relayedCounter.increment(sends.size());
    }

    private ProducerRecord<String, byte[]> toProducerRecord(Struct row) {
      RecordHeaders headers = new RecordHeaders();
      header(headers, MessageHeaders.EVENT_ID, row.getString("id"));
      header(headers, MessageHeaders.EVENT_TYPE, row.getString("event_type"));
      header(headers, MessageHeaders.CORRELATION_ID, row.getString("correlation_id"));
      header(headers, MessageHeaders.CAUSATION_ID, row.getString("causation_id"));
      header(headers, MessageHeaders.TRACEPARENT, row.getString("traceparent"));
      return new ProducerRecord<>(row.getString("topic"), null, row.getString("aggregate_id"),
          row.getBytes("payload"), headers);
    }

    private void header(RecordHeaders headers, String name, String value) {
      if (value != null) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void deleteRelayed(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "DELETE FROM " + settings.getTable() + " WHERE id = ANY (?::uuid[])")) {
      Array array = c.createArrayOf("text", ids.toArray());
      ps.setArray(1, array);
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete relayed outbox rows", e);
    }
  }

  /** Backlog figures for the gauges, read at most once a second. */
  static final class BacklogSampler {
    private final DataSource dataSource;
    private final String table;
    private volatile long sampledAtNanos;
    private volatile long rows;
    private volatile Instant oldest;

    BacklogSampler(DataSource dataSource, String table) {
      this.dataSource = dataSource;
      this.table = table;
    }

    double rows() {
      sample();
      return rows;
    }

    double lagSeconds() {
      sample();
      Instant o = oldest;
      return o == null ? 0 : Math.max(0, Duration.between(o, Instant.now()).toMillis() / 1000.0);
    }

    private synchronized void sample() {
      long now = System.nanoTime();
      if (sampledAtNanos != 0 && now - sampledAtNanos < TimeUnit.SECONDS.toNanos(1)) {
        return;
      }
      sampledAtNanos = now;
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(
              "SELECT count(*), min(created_at) FROM " + table);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        rows = rs.getLong(1);
        Timestamp ts = rs.getTimestamp(2);
        oldest = ts == null ? null : ts.toInstant();
      } catch (SQLException e) {
        log.debug("outbox backlog sample failed", e);
      }
    }
  }
}
