package com.bookiji.platform.bench;

import com.bookiji.platform.messaging.MessageContext;
import com.bookiji.platform.messaging.MessageHeaders;
import com.bookiji.platform.outbox.Outbox;
import com.bookiji.platform.outbox.relay.OutboxRelay;
import com.bookiji.platform.testkit.TestApps;
import com.bookiji.platform.testkit.TestDatabase;
import com.bookiji.platform.testkit.TestInfrastructure;
import com.bookiji.schemas.Topic;
import com.bookiji.schemas.availability.HoldSlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relay benchmark (a command, not a test): plain INSERT baseline, outbox → Kafka relay
 * throughput, and commit → consumer latency at a paced 1,000 messages/s, all in one run on the
 * testkit's embedded PostgreSQL 17 + in-process KRaft broker.
 *
 * <pre>./mvnw -B -o -pl platform/messaging -Pbenchmark verify</pre>
 *
 * Writes its figures to stdout and to the file given as first argument.
 */
public final class RelayBenchmark {

  static final Topic TOPIC = Topic.AVAILABILITY_COMMANDS;
  static final int THREADS = 4;

  public static void main(String[] args) throws Exception {
    int baselineRows = Integer.getInteger("bench.baseline.rows", 40_000);
    int relayRows = Integer.getInteger("bench.relay.rows", 40_000);
    int pacedSeconds = Integer.getInteger("bench.paced.seconds", 20);
    int pacedRate = Integer.getInteger("bench.paced.rate", 1_000);

    TestInfrastructure infra = TestInfrastructure.shared();
    TestDatabase db = infra.createDatabase("bench");
    StringBuilder report = new StringBuilder();
    report.append("Run at ").append(Instant.now()).append(" on ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
        .append(System.getProperty("java.version")).append(", load average before start ")
        .append(String.format("%.1f", java.lang.management.ManagementFactory
            .getOperatingSystemMXBean().getSystemLoadAverage())).append('\n');

    // 1. Baseline: plain single-row INSERTs, autocommit, THREADS connections.
    new JdbcTemplate(db.dataSource()).execute("""
        CREATE TABLE bench_insert (id uuid PRIMARY KEY, aggregate_id text NOT NULL,
          payload bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())""");
    double insertTps = baseline(db, baselineRows);
    line(report, "baseline INSERT (autocommit, %d threads, %,d rows): %,.0f rows/s", THREADS,
        baselineRows, insertTps);

    ConfigurableApplicationContext app = TestApps.start(BenchApp.class, db,
        Map.of("spring.datasource.hikari.maximum-pool-size", String.valueOf(THREADS + 4)));
    try {
      OutboxRelay relay = app.getBean(OutboxRelay.class);
      waitUntil(relay::isStreaming, Duration.ofSeconds(60));
      Outbox outbox = app.getBean(Outbox.class);
      TransactionTemplate tx = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
      String bootstrap = infra.bootstrapServers();

      // Warm up schema registration, JIT and the relay path.
      try (Receiver warm = Receiver.start(bootstrap, "warm")) {
        writeOutbox(outbox, tx, 2_000, "warm", null);
        warm.awaitCount(2_000, Duration.ofSeconds(60));
      }

      // 2a. Relay keeping up with writers: THREADS writers, one message per transaction.
      try (Receiver receiver = Receiver.start(bootstrap, "live")) {
        long start = System.nanoTime();
        writeOutbox(outbox, tx, relayRows, "live", null);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        receiver.awaitCount(relayRows, Duration.ofMinutes(5));
        double endToEnd = (receiver.lastReceiptNanos() - start) / 1e9;
        line(report, "outbox writes (one message per transaction, %d threads): %,.0f msg/s",
            THREADS, relayRows / writeSeconds);
        line(report, "relay while writing: %,d messages consumed %,.2f s after the first write -> %,.0f msg/s",
            relayRows, endToEnd, relayRows / endToEnd);
      }

      // 2b. Relay catch-up: a backlog written while the relay is stopped, then streamed.
      try (Receiver receiver = Receiver.start(bootstrap, "backlog")) {
        relay.stop();
        long writeStart = System.nanoTime();
        writeOutbox(outbox, tx, relayRows, "backlog", null);
        line(report, "outbox writes with the relay stopped (%d threads): %,.0f msg/s", THREADS,
            relayRows / ((System.nanoTime() - writeStart) / 1e9));
        long start = System.nanoTime();
        relay.start();
        receiver.awaitCount(relayRows, Duration.ofMinutes(5));
        double fromStart = (receiver.lastReceiptNanos() - start) / 1e9;
        double streaming = (receiver.lastReceiptNanos() - receiver.firstReceiptNanos()) / 1e9;
        line(report, "relay catch-up of a %,d-message backlog: %,.0f msg/s streaming (%,.2f s incl. %,.2f s lock + engine start)",
            relayRows, relayRows / streaming, fromStart, fromStart - streaming);
        report.append(String.format("relay throughput / INSERT baseline = %.2f%n",
            (relayRows / streaming) / insertTps));
      }

      // 3. Latency: paced writes, commit timestamp vs consumer receipt.
      try (Receiver receiver = Receiver.start(bootstrap, "paced")) {
        int total = pacedRate * pacedSeconds;
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / pacedRate;
        long t0 = System.nanoTime();
        // THREADS writers share one schedule: message i is due at t0 + i * interval.
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int first = t;
          futures.add(pool.submit(() -> {
            for (int i = first; i < total; i += THREADS) {
              long wait = t0 + i * intervalNanos - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
              UUID id = tx.execute(st -> outbox.append(TOPIC, "paced", payload("paced"),
                  MessageContext.root("paced")));
              committedAt.put(id.toString(), System.nanoTime());
            }
            return null;
          }));
        }
        for (var f : futures) {
          f.get();
        }
        pool.shutdown();
        double achieved = total / ((System.nanoTime() - t0) / 1e9);
        receiver.awaitCount(total, Duration.ofMinutes(2));
        List<Long> latencies = new ArrayList<>();
        long[] worstPerSecond = new long[pacedSeconds + 5];
        receiver.receipts().forEach((eventId, receivedAt) -> {
          Long c = committedAt.get(eventId);
          if (c != null) {
            latencies.add(receivedAt - c);
            int second = (int) Math.min(worstPerSecond.length - 1, Math.max(0, (c - t0) / 1_000_000_000L));
            worstPerSecond[second] = Math.max(worstPerSecond[second], receivedAt - c);
          }
        });
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] steady = sorted;
        line(report, "commit -> consumer latency at %,.0f msg/s paced (%,d messages): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
            achieved, steady.length, pct(steady, 50), pct(steady, 99), steady[steady.length - 1] / 1e6);
        StringBuilder timeline = new StringBuilder("worst latency per second of the paced run (ms):");
        for (long w : worstPerSecond) {
          timeline.append(' ').append(w / 1_000_000);
        }
        line(report, "%s", timeline);
      }
    } finally {
      app.close();
    }
    report.append(String.format("load average at end %.1f%n", java.lang.management.ManagementFactory
        .getOperatingSystemMXBean().getSystemLoadAverage()));
    System.out.println("\n=== Relay benchmark ===\n" + report);
    if (args.length > 0) {
      Path out = Path.of(args[0]);
      Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
      System.out.println("written to " + out.toAbsolutePath());
    }
    System.exit(0);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static void line(StringBuilder report, String format, Object... args) {
    String s = String.format(format, args);
    System.out.println(s);
    report.append(s).append('\n');
  }

  static HoldSlot payload(String key) {
    return HoldSlot.newBuilder().setReservationId(key).setSlotId("slot-42")
        .setRequesterId("requester-7").setHoldTtlSeconds(600).setOccurredAt(Instant.now()).build();
  }

  private static double baseline(TestDatabase db, int rows) throws Exception {
    byte[] payload = new byte[96];
    Arrays.fill(payload, (byte) 7);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(),
            db.password());
            PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bench_insert (id, aggregate_id, payload) VALUES (?, ?, ?)")) {
          c.setAutoCommit(true);
          ready.countDown();
          go.await();
          for (int i = 0; i < rows / THREADS; i++) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, "agg-" + i);
            ps.setBytes(3, payload);
            ps.executeUpdate();
          }
        }
        return null;
      }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (var f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE bench_insert");
    }
    return rows / seconds;
  }

  private static void writeOutbox(Outbox outbox, TransactionTemplate tx, int rows, String key,
      Map<String, Long> committedAt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger next = new AtomicInteger();
    HoldSlot payload = payload(key);
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        while (next.getAndIncrement() < rows) {
          tx.execute(s -> outbox.append(TOPIC, key, payload, MessageContext.root(key)));
        }
        return null;
      }));
    }
    for (var f : futures) {
      f.get();
    }
    pool.shutdown();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout);
      }
      Thread.sleep(50);
    }
  }

  /** Consumes the topic from its current end, recording receipt time per eventId for one key. */
  static final class Receiver implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String key;
    private final Map<String, Long> receipts = new ConcurrentHashMap<>();
    private final AtomicLong first = new AtomicLong();
    private final AtomicLong last = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private Receiver(String bootstrap, String key) {
      this.key = key;
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = consumer.partitionsFor(TOPIC.topicName()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      thread = new Thread(this::run, "bench-receiver-" + key);
      thread.start();
    }

    static Receiver start(String bootstrap, String key) {
      return new Receiver(bootstrap, key);
    }

    private void run() {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          if (!key.equals(r.key())) {
            continue;
          }
          Header h = r.headers().lastHeader(MessageHeaders.EVENT_ID);
          receipts.putIfAbsent(new String(h.value(), StandardCharsets.UTF_8), now);
          first.compareAndSet(0, now);
          last.set(now);
        }
      }
      consumer.close();
    }

    void awaitCount(int n, Duration timeout) throws InterruptedException {
      waitUntil(() -> receipts.size() >= n, timeout);
    }

    Map<String, Long> receipts() { return receipts; }

    long firstReceiptNanos() { return first.get(); }

    long lastReceiptNanos() { return last.get(); }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(5_000);
    }
  }
}
