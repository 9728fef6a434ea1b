package com.bookiji.platform.testkit;

import com.bookiji.platform.postgres.PostgresBinaries;
import com.bookiji.registry.SchemaRegistryServer;
import com.bookiji.schemas.topics.ProvisioningReport;
import com.bookiji.schemas.topics.TopicPlan;
import com.bookiji.schemas.topics.TopicProvisioner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The infrastructure every integration test needs, started once per JVM on first use and stopped
 * by a shutdown hook: an in-process KRaft Kafka broker with the catalogue's topics, an embedded
 * PostgreSQL 17 server with logical decoding enabled (for the Debezium relay), and the schema registry.
 *
 * <pre>{@code
 * static final TestInfrastructure infra = TestInfrastructure.shared();
 * static final TestDatabase db = infra.createDatabase("payment");
 *
 * @DynamicPropertySource
 * static void props(DynamicPropertyRegistry r) {
 *   infra.springProperties(db).forEach((k, v) -> r.add(k, () -> v));
 * }
 * }</pre>
 */
public final class TestInfrastructure {

  private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
  private static final Pattern DB_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static volatile TestInfrastructure shared;

  private final EmbeddedKafkaKraftBroker kafka;
  private final EmbeddedPostgres postgres;
  private final SchemaRegistryServer registry;
  private final String registryUrl;
  private final List<TestDatabase> databases = new CopyOnWriteArrayList<>();
  private final Path workDir;

  /** The JVM-wide instance, started on first call. */
  public static TestInfrastructure shared() {
    TestInfrastructure infra = shared;
    if (infra == null) {
      synchronized (TestInfrastructure.class) {
        if (shared == null) {
          shared = new TestInfrastructure();
          Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "testkit-shutdown"));
        }
        infra = shared;
      }
    }
    return infra;
  }

  private TestInfrastructure() {
    long started = System.nanoTime();
    try {
      workDir = Files.createTempDirectory("bookiji-testkit");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    postgres = startPostgres();
    kafka = startKafka();
    registry = startRegistry(workDir.resolve("registry"));
    registryUrl = registry.url();
    log.info("Test infrastructure up in {} ms: kafka={} postgres=port {} registry={}",
        Duration.ofNanos(System.nanoTime() - started).toMillis(), kafka.getBrokersAsString(),
        postgres.getPort(), registryUrl);
  }

  private static EmbeddedPostgres startPostgres() {
    try {
      return PostgresBinaries.builder()
          .setServerConfig("wal_level", "logical")
          .setServerConfig("max_replication_slots", "64")
          .setServerConfig("max_wal_senders", "64")
          .setServerConfig("max_connections", "300")
          // Tests need durability only as long as the JVM lives: trade it for speed. NOT
          // synchronous_commit=off: logical decoding only ships flushed WAL, so commits would
          // reach the relay up to wal_writer_delay late, which is not how production behaves.
          .setServerConfig("fsync", "off")
          .setServerConfig("full_page_writes", "off")
          .setServerConfig("wal_writer_delay", "10ms")
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  private static EmbeddedKafkaKraftBroker startKafka() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(Map.of(
        "auto.create.topics.enable", "true",
        "num.partitions", "1",
        "offsets.topic.replication.factor", "1",
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "group.initial.rebalance.delay.ms", "0",
        "log.flush.interval.messages", String.valueOf(Long.MAX_VALUE)));
    broker.afterPropertiesSet();
    provisionTopics(broker.getBrokersAsString());
    return broker;
  }

  /** The catalogue's topics, made the way operators make them (services only check they exist). */
  private static void provisionTopics(String bootstrapServers) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers))) {
      ProvisioningReport report = new TopicProvisioner(admin, Duration.ofSeconds(60))
          .provision(TopicPlan.catalogue((short) 1, 1), false);
      if (!report.isComplete()) {
        throw new IllegalStateException("topic provisioning: " + report.problems());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while provisioning topics", e);
    }
  }

  private static SchemaRegistryServer startRegistry(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SchemaRegistryServer.start(0, dataDir);
  }

  public String bootstrapServers() {
    return kafka.getBrokersAsString();
  }

  /** Base URL of the schema registry, e.g. {@code http://127.0.0.1:41234}. */
  public String schemaRegistryUrl() {
    return registryUrl;
  }

  /** Port of the shared PostgreSQL server (user {@code postgres}, password {@code postgres}). */
  public int postgresPort() {
    return postgres.getPort();
  }

  /**
   * A new, empty database in the shared server. The name must be a lower-case SQL identifier; if
   * a database of that name already exists in this JVM a numeric suffix makes it unique, so every
   * call returns a fresh database.
   */
  public synchronized TestDatabase createDatabase(String name) {
    if (!DB_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must match " + DB_NAME + ": " + name);
    }
    String unique = name;
    int suffix = 1;
    while (exists(unique)) {
      unique = name + "_" + (++suffix);
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + unique);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + unique, e);
    }
    TestDatabase db = new TestDatabase(unique,
        "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + unique, "postgres", "postgres");
    databases.add(db);
    return db;
  }

  private boolean exists(String name) {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, name);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Spring properties that point an application at this infrastructure and {@code db}; feed them
   * to a {@code @DynamicPropertySource} or {@code SpringApplicationBuilder#properties}.
   */
  public Map<String, String> springProperties(TestDatabase db) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", db.jdbcUrl());
    p.put("spring.datasource.username", db.username());
    p.put("spring.datasource.password", db.password());
    p.put("spring.datasource.hikari.maximum-pool-size", "10");
    p.put("spring.kafka.bootstrap-servers", bootstrapServers());
    p.put("spring.kafka.consumer.auto-offset-reset", "earliest");
    p.put("bookiji.schema-registry.url", registryUrl);
    return p;
  }

  /** Reads topics as a test sees them; see {@link TopicProbe}. */
  public TopicProbe topicProbe() {
    return new TopicProbe(bootstrapServers(), registryUrl);
  }

  private void close() {
    databases.forEach(TestDatabase::close);
    try {
      registry.close();
    } catch (Exception e) {
      log.debug("registry close", e);
    }
    // The broker is not shut down here: its temp directories are removed by the Kafka test kit's
    // own exit hook concurrently, and an orderly shutdown racing that only produces noise.
    try {
      postgres.close();
    } catch (IOException e) {
      log.debug("postgres close", e);
    }
  }
}
