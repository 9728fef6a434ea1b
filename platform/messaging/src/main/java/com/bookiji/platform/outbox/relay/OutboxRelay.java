package com.bookiji.platform.outbox.relay;

import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import io.debezium.embedded.Connect;
import io.debezium.embedded.async.AsyncEmbeddedEngine;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.MicrometerProducerListener;

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
  private final Clock clock;
  private final String slotName;
  private final String relayName;
  private final String outboxTopic;
  private final Counter relayedCounter;
  private final OutboxBacklog backlog;
  private final RelayedRowDeleter deleter;
  private final StrandedRowRecovery recovery;
  private final SlotGuard slotGuard;
  private final RestartBackoff restartBackoff;
  private final Counter engineRestarts;

  private final Object lifecycleMonitor = new Object();
  private volatile boolean running;
  private volatile boolean crashed;
  private volatile Thread supervisor;
  private volatile RelayRole role = RelayRole.STOPPED;
  private volatile boolean streaming;
  private volatile Throwable lastError;
  private volatile Instant activeSince;
  /** When the engine last delivered a batch (change events or heartbeats) or started polling. */
  private volatile Instant lastBatchAt;
  /** Commit time the stream has delivered up to (or the time of a batch of heartbeats only). */
  private volatile Instant streamedUpTo;
  private Instant nextSweepAt;
  private final LeadershipLock lock;
  private final Counter stepDowns;
  private volatile Instant steppedDownUntil;
  private volatile KafkaProducer<String, byte[]> producer;
  private final RelayHooks hooks;
  private final Counter forcedCloses;
  /** The engine this relay runs now; callbacks of any other (given-up) engine change nothing. */
  private volatile EngineRun current;
  private long engineGenerations;
  /** Engines given up on whose threads had not all ended when last checked. */
  private final List<EngineRun> leftovers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final MeterRegistry meters;

  public OutboxRelay(RelayDatabase db, MessagingProperties.Relay settings,
      Map<String, Object> producerConfig, DataSource dataSource, MeterRegistry meters) {
    this(db, settings, producerConfig, dataSource, meters, Clock.systemUTC());
  }

  public OutboxRelay(RelayDatabase db, MessagingProperties.Relay settings,
      Map<String, Object> producerConfig, DataSource dataSource, MeterRegistry meters,
      Clock clock) {
    this(db, settings, producerConfig, dataSource, meters, clock, RelayHooks.NONE);
  }

  public OutboxRelay(RelayDatabase db, MessagingProperties.Relay settings,
      Map<String, Object> producerConfig, DataSource dataSource, MeterRegistry meters,
      Clock clock, RelayHooks hooks) {
    this.db = db;
    this.hooks = hooks;
    this.settings = settings;
    this.producerConfig = new HashMap<>(producerConfig);
    this.meters = meters;
    this.clock = clock;
    this.slotName = settings.getSlotName() != null ? settings.getSlotName()
        : "bookiji_outbox_" + db.identifier();
    this.relayName = slotName;
    this.outboxTopic = topicPrefix() + "." + settings.getTable();
    this.relayedCounter = Counter.builder("bookiji.outbox.relayed")
        .description("outbox messages published to Kafka by this instance's relay")
        .tag("database", db.database()).register(meters);
    this.backlog = new OutboxBacklog(dataSource, settings.getTable(), clock, meters, db.database());
    this.deleter = new RelayedRowDeleter(dataSource, settings.getTable(),
        settings.getDeleteRetryBound(), clock, meters, db.database());
    this.recovery = new StrandedRowRecovery(dataSource, settings.getTable(), slotName, relayName,
        settings.getStrandedAfter(), deleter, meters, db.database());
    // The lease must outlast several renewals (one per lock-retry-interval).
    Duration minimumLease = settings.getLockRetryInterval().multipliedBy(3);
    this.lock = new LeadershipLock(db, "bookiji.outbox.relay." + slotName,
        settings.getLeadershipLease().compareTo(minimumLease) < 0 ? minimumLease
            : settings.getLeadershipLease());
    this.stepDowns = Counter.builder("bookiji.outbox.relay.step_downs")
        .description("times this instance gave up the relay lock because its engine kept failing")
        .tag("database", db.database()).register(meters);
    this.slotGuard = new SlotGuard(dataSource, slotName, db.username(), clock, meters,
        db.database());
    this.restartBackoff = new RestartBackoff(settings.getLockRetryInterval(),
        settings.getEngineRestartMaxBackoff(), new java.util.SplittableRandom());
    this.engineRestarts = Counter.builder("bookiji.outbox.relay.engine.restarts")
        .description("Debezium engine restarts after the engine stopped while this instance held the lock")
        .tag("database", db.database()).register(meters);
    Gauge.builder("bookiji.outbox.relay.engine.consecutive_failures", restartBackoff,
            RestartBackoff::consecutiveFailures)
        .description("engine runs in a row that ended without delivering a batch (0 while streaming)")
        .tag("database", db.database()).register(meters);
    this.forcedCloses = Counter.builder("bookiji.outbox.relay.engine.forced_closes")
        .description("engines whose close did not finish within slot-release-timeout and were ended by the relay")
        .tag("database", db.database()).register(meters);
    Gauge.builder("bookiji.outbox.relay.engine.leftover_threads", this,
            r -> r.leftoverEngineThreads().size())
        .description("live threads of engines this relay gave up on (0 when every close was verified)")
        .tag("database", db.database()).register(meters);
    Gauge.builder("bookiji.outbox.relay.active", this, r -> r.isStreaming() ? 1 : 0)
        .description("1 when this instance holds the relay lock and streams")
        .tag("database", db.database()).register(meters);
    // A refused bookiji.outbox.relay.debezium key stops the service at startup, not its first engine.
    engineProperties();
  }

  private String topicPrefix() {
    return "outbox_relay_" + db.identifier();
  }

  public RelayRole role() { return role; }

  /**
   * Change events are flowing: this instance holds the lock, its engine polls and delivered a batch
   * (events or a heartbeat) recently, and the oldest outbox row is younger than
   * {@code max-backlog-age}.
   */
  public boolean isStreaming() { return notStreamingReason().isEmpty(); }

  /** Why this instance is not streaming, or empty when it is. */
  public Optional<String> notStreamingReason() {
    if (role != RelayRole.ACTIVE) {
      return Optional.of("role " + role);
    }
    int failures = restartBackoff.consecutiveFailures();
    if (!streaming) {
      Throwable error = lastError;
      return Optional.of(failures == 0 ? "engine starting"
          : "engine restart loop: " + failures + " run(s) in a row ended without delivering"
              + (error == null ? "" : "; last error: " + error));
    }
    Instant last = lastBatchAt;
    Duration silence = last == null ? Duration.ZERO : Duration.between(last, clock.instant());
    if (silence.compareTo(eventSilenceLimit()) > 0) {
      return Optional.of("no change event or heartbeat for " + silence.toSeconds() + " s");
    }
    Optional<Duration> oldest = backlog.oldestAge();
    if (oldest.isPresent() && oldest.get().compareTo(settings.getMaxBacklogAge()) > 0) {
      return Optional.of("the oldest outbox row is " + oldest.get().toSeconds() + " s old (limit "
          + settings.getMaxBacklogAge().toSeconds() + " s)");
    }
    return Optional.empty();
  }

  /** Whether the engine is still starting for the first time since this instance became active. */
  public boolean isStarting() {
    return role == RelayRole.ACTIVE && !streaming && restartBackoff.consecutiveFailures() == 0;
  }

  public int consecutiveEngineFailures() { return restartBackoff.consecutiveFailures(); }

  public long engineRestartCount() { return (long) engineRestarts.count(); }

  public SlotGuard slotGuard() { return slotGuard; }

  public long stepDownCount() { return (long) stepDowns.count(); }

  /** Heartbeats arrive every heartbeat interval while idle; three missed ones mean a stall. */
  private Duration eventSilenceLimit() {
    Duration three = settings.getHeartbeatInterval().multipliedBy(3);
    return three.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : three;
  }

  public Throwable lastError() { return lastError; }

  public Instant activeSince() { return activeSince; }

  public String slotName() { return slotName; }

  public long relayedCount() { return (long) relayedCounter.count(); }

  public OutboxBacklog backlog() { return backlog; }

  public RelayedRowDeleter deleter() { return deleter; }

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
      lock.abort();
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
      boolean engineRan = false;
      try {
        if (steppedDownUntil != null && clock.instant().isBefore(steppedDownUntil)) {
          role = RelayRole.STANDBY;
        } else if (tryLock()) {
          if (role != RelayRole.ACTIVE) {
            role = RelayRole.ACTIVE;
            activeSince = clock.instant();
            restartBackoff.reset();
            log.info("outbox relay for {} is ACTIVE (slot {})", db.database(), slotName);
          }
          engineRan = true;
          streamWhileHoldingLock();
        } else {
          role = RelayRole.STANDBY;
        }
      } catch (Exception e) {
        lastError = e;
        log.warn("outbox relay for {}: {}", db.database(), e.toString());
      }
      if (running && engineRan && role == RelayRole.ACTIVE) {
        Duration pause = restartBackoff.next();
        if (restartBackoff.consecutiveFailures() >= settings.getStepDownAfterFailures()) {
          stepDown();
        } else {
          engineRestarts.increment();
          log.warn("outbox relay for {}: engine ended while holding the lock ({} in a row); "
              + "restarting in {} ms", db.database(), restartBackoff.consecutiveFailures(),
              pause.toMillis());
          pauseHoldingLock(pause);
        }
      } else if (running) {
        pause(settings.getLockRetryInterval());
      }
    }
    streaming = false;
    releaseLock();
    role = RelayRole.STOPPED;
  }

  /**
   * This instance cannot publish (its engine keeps failing, e.g. its broker is unreachable from
   * here only): give the lock to a standby that may do better, and stay away for a cooldown.
   */
  private void stepDown() {
    int failures = restartBackoff.consecutiveFailures();
    releaseLock();
    role = RelayRole.STANDBY;
    steppedDownUntil = clock.instant().plus(settings.getStepDownCooldown());
    stepDowns.increment();
    log.error("outbox relay for {}: the engine failed {} times in a row; stepping down from the "
        + "relay lock for {} so a standby can take over (last error: {})", db.database(), failures,
        settings.getStepDownCooldown(), lastError == null ? "-" : lastError.toString());
  }

  private boolean tryLock() {
    try {
      return lock.tryAcquire();
    } catch (SQLException e) {
      lastError = e;
      return false;
    }
  }

  private boolean lockAlive() {
    return !crashed && lock.isHeld();
  }

  private void releaseLock() {
    if (crashed) {
      lock.close();
    } else {
      lock.release();
    }
  }

  private void closeLockConnection() {
    lock.close();
  }

  /**
   * Pauses while holding the lock, renewing its lease each interval; returns early when the lock
   * is gone or the relay stops.
   */
  private void pauseHoldingLock(Duration pause) {
    Instant until = clock.instant().plus(pause);
    while (running && clock.instant().isBefore(until)) {
      Duration left = Duration.between(clock.instant(), until);
      pause(left.compareTo(settings.getLockRetryInterval()) < 0 ? left : settings.getLockRetryInterval());
      if (!lockAlive()) {
        return;
      }
    }
  }

  private void streamWhileHoldingLock() throws InterruptedException, SQLException {
    reapLeftovers();
    unregisterMetricsOfEarlierEngines();
    recovery.resetOffsetsIfSlotWasRecreated();
    Optional<SlotGuard.SlotHolder> foreign = slotGuard.takeOver(settings.getSlotReleaseTimeout(),
        "this instance holds the relay lock and starts its engine");
    if (foreign.isPresent()) {
      throw new IllegalStateException("replication slot " + slotName + " is read by "
          + foreign.get() + ", which is not this relay: cannot stream until it lets go");
    }
    streamedUpTo = null;
    lastBatchAt = null;
    nextSweepAt = clock.instant().plus(sweepInterval());
    KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig, new StringSerializer(),
        new ByteArraySerializer());
    // The same binder as the inbox's dead-letter producer: one metric name with two tag sets is
    // refused by the Prometheus registry, which then drops whichever producer registered second.
    String metricsId = "outbox-relay-" + db.identifier();
    MicrometerProducerListener<String, byte[]> producerMetrics = new MicrometerProducerListener<>(meters);
    producerMetrics.producerAdded(metricsId, p);
    producer = p;
    EngineRun run = new EngineRun(++engineGenerations, p, slotGuard.databaseNow());
    current = run;
    run.start();
    boolean lockLost = false;
    try {
      while (running && run.thread.isAlive()) {
        run.thread.join(settings.getLockRetryInterval().toMillis());
        if (lockAlive()) {
          sweepStrandedRowsWhenDue(p);
          reapLeftovers();
        } else {
          lockLost = true;
          if (!crashed) {
            log.error("outbox relay for {} lost its lock connection: stopping the engine", db.database());
          }
          break;
        }
      }
    } finally {
      closeEngine(run);
      p.close(crashed ? Duration.ZERO : Duration.ofSeconds(5));
      producerMetrics.producerRemoved(metricsId, p);
      producer = null;
      streaming = false;
      if (lockLost) {
        closeLockConnection();
        role = RelayRole.STANDBY;
      }
    }
  }

  private Duration sweepInterval() {
    Duration quarter = settings.getStrandedAfter().dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
  }

  private void sweepStrandedRowsWhenDue(KafkaProducer<String, byte[]> p)
      throws InterruptedException {
    Instant upTo = streamedUpTo;
    if (upTo == null || clock.instant().isBefore(nextSweepAt)) {
      return;
    }
    nextSweepAt = clock.instant().plus(sweepInterval());
    try {
      recovery.sweep(p, upTo);
    } catch (SQLException | RuntimeException ex) {
      lastError = ex;
      log.warn("outbox relay for {}: stranded-row sweep failed: {}", db.database(), ex.toString());
    }
  }

  /**
   * Stops an engine and verifies it is gone: its thread and every thread it started (the
   * connector task's coordinator, keep-alive and LSN-flush threads live in the engine's thread
   * group) ended, and — while this instance holds the lock — no replication connection of this
   * relay reads the slot any more. Debezium's close runs on a thread of its own (it refuses while
   * the task starts and can block for minutes on a stalled database); when it has not finished
   * within {@code slot-release-timeout} the relay ends the engine's connections itself (only as
   * the lock holder), interrupts its threads and stops its task directly. An engine that outlives
   * even that is kept on a list, reported, and reaped every tick while this instance holds the lock.
   */
  private void closeEngine(EngineRun run) throws InterruptedException {
    run.retire();
    if (current == run) {
      current = null;
    }
    Duration bound = settings.getSlotReleaseTimeout();
    Thread closer = new Thread(() -> run.requestClose(bound), "outbox-relay-closer-" + db.identifier());
    closer.setDaemon(true);
    closer.start();
    if (awaitGone(run, bound) && slotReleased(run, bound)) {
      return;
    }
    forcedCloses.increment();
    log.error("outbox relay for {}: engine #{} did not stop within {} (threads still running: {}); "
        + "ending its connections and interrupting its threads", db.database(), run.generation,
        bound, run.liveThreadNames());
    closer.interrupt();
    endConnectionsOfGivenUpEngine(null);
    run.interruptThreads();
    run.stopTaskDirectly();
    if (!awaitGone(run, bound)) {
      leftovers.add(run);
      log.error("outbox relay for {}: threads of engine #{} still run after it was ended: {}",
          db.database(), run.generation, run.liveThreadNames());
    }
  }

  /** Waits up to {@code bound} for the engine's threads to end, renewing the lease meanwhile. */
  private boolean awaitGone(EngineRun run, Duration bound) throws InterruptedException {
    Instant giveUpAt = clock.instant().plus(bound);
    while (clock.instant().isBefore(giveUpAt)) {
      if (run.liveThreadNames().isEmpty()) {
        return true;
      }
      run.thread.join(100);
      if (!crashed) {
        lockAlive(); // renews the lease while Debezium takes its time
      }
    }
    return run.liveThreadNames().isEmpty();
  }

  /**
   * Still the lock holder: the closed engine's replication connection must really be gone, or it
   * keeps the slot busy and every later engine fails to start.
   */
  private boolean slotReleased(EngineRun run, Duration bound) {
    if (crashed || !lockAlive()) {
      return true; // not ours to judge any more: the next holder's SlotGuard takes the slot over
    }
    try {
      slotGuard.ensureReleased(bound);
      return true;
    } catch (SQLException | RuntimeException ex) {
      lastError = ex;
      log.warn("outbox relay for {}: cannot verify engine #{} released slot {}: {}",
          db.database(), run.generation, slotName, ex.toString());
      return false;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void endConnectionsOfGivenUpEngine(Instant openedBefore) {
    if (crashed || !lockAlive()) {
      return;
    }
    try {
      slotGuard.terminateLeftoverConnections(openedBefore);
    } catch (SQLException | RuntimeException ex) {
      lastError = ex;
      log.warn("outbox relay for {}: cannot end the connections of a given-up engine: {}",
          db.database(), ex.toString());
    }
  }

  /**
   * Every tick while an engine that was given up on still has threads (and before each engine
   * start): end its connections (those opened before the current engine started), interrupt its
   * threads, and have its connector task stopped again — a stop that an interrupt or a stalled
   * socket broke off leaves executors behind that only a completed stop shuts down.
   */
  private void reapLeftovers() {
    if (leftovers.isEmpty()) {
      return;
    }
    boolean anyLeft = false;
    for (EngineRun run : leftovers) {
      if (run.liveThreadNames().isEmpty()) {
        leftovers.remove(run);
        log.info("outbox relay for {}: every thread of given-up engine #{} has ended",
            db.database(), run.generation);
      } else {
        anyLeft = true;
        run.interruptThreads();
        run.stopTaskDirectly();
      }
    }
    if (anyLeft) {
      EngineRun now = current;
      endConnectionsOfGivenUpEngine(now == null ? null : now.databaseStartedAt);
    }
  }

  /**
   * Debezium registers its connector metrics as MBeans named after the relay's topic prefix; an
   * engine that was given up on never unregisters them, and the next engine's coordinator then
   * retries the registration for about a minute per MBean before it streams. No engine of this
   * relay runs at this point, so whatever carries its name is a leftover.
   */
  private void unregisterMetricsOfEarlierEngines() {
    try {
      javax.management.MBeanServer server =
          java.lang.management.ManagementFactory.getPlatformMBeanServer();
      for (javax.management.ObjectName name : server.queryNames(
          new javax.management.ObjectName("debezium.postgres:server=" + topicPrefix() + ",*"),
          null)) {
        server.unregisterMBean(name);
        log.warn("outbox relay for {}: unregistered {} left by an earlier engine", db.database(),
            name);
      }
    } catch (javax.management.JMException | RuntimeException e) {
      log.warn("outbox relay for {}: cannot unregister an earlier engine's metrics: {}",
          db.database(), e.toString());
    }
  }

  /** Names of live threads of engines this relay gave up on; empty when every close was verified. */
  public List<String> leftoverEngineThreads() {
    List<String> names = new ArrayList<>();
    leftovers.forEach(run -> names.addAll(run.liveThreadNames()));
    return names;
  }

  /** When the engine that runs now was started; empty when none runs. */
  public Optional<Instant> currentEngineStartedAt() {
    EngineRun run = current;
    return run == null ? Optional.empty() : Optional.of(run.startedAt);
  }

  /** Engines ended by the relay because their close did not finish in time. */
  public long forcedCloseCount() { return (long) forcedCloses.count(); }

  Properties engineProperties() {
    return RelayEngineProperties.of(db, settings, relayName, slotName, topicPrefix());
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One Debezium engine: built and run on a thread of its own thread group, so every thread the
   * engine and its connector task start (Debezium names them after the relay, not the engine, and
   * they are born in the group of the thread that starts them) can be found and checked after it
   * is closed. Callbacks of a run that is no longer {@link #current} change nothing.
   */
  private final class EngineRun implements BatchPublisher.EngineRunState {
    final long generation;
    final KafkaProducer<String, byte[]> producer;
    final ThreadGroup group;
    final Thread thread;
    final Instant startedAt = clock.instant();
    /** The database's clock when this engine started: its connections are not older. */
    final Instant databaseStartedAt;
    volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    volatile boolean retired;
    private volatile Thread taskStopper;

    EngineRun(long generation, KafkaProducer<String, byte[]> producer, Instant databaseStartedAt) {
      this.generation = generation;
      this.producer = producer;
      this.databaseStartedAt = databaseStartedAt;
      this.group = new ThreadGroup("outbox-relay-engine-" + db.identifier() + "-" + generation);
      this.thread = new Thread(group, this::buildAndRun, "outbox-relay-engine-" + db.identifier());
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    @Override
    public boolean givenUp() {
      return retired;
    }

    @Override
    public boolean crashing() {
      return crashed;
    }

    @Override
    public void delivered(Instant deliveredUpTo) {
      if (current != this) {
        return;
      }
      lastBatchAt = clock.instant();
      restartBackoff.reset();
      if (deliveredUpTo != null) {
        streamedUpTo = deliveredUpTo;
      }
    }

    @Override
    public String description() {
      return "engine #" + generation + " of the outbox relay for " + db.database();
    }

    private void buildAndRun() {
      DebeziumEngine<RecordChangeEvent<SourceRecord>> e = DebeziumEngine
          .create(ChangeEventFormat.of(Connect.class))
          .using(engineProperties())
          .using(new DebeziumEngine.ConnectorCallback() {
            @Override
            public void connectorStarted() {
              try {
                hooks.connectorStarted();
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public void pollingStarted() {
              if (current == EngineRun.this) {
                lastBatchAt = clock.instant();
                streaming = true;
              }
            }

            @Override
            public void pollingStopped() {
              if (current == EngineRun.this) {
                streaming = false;
              }
            }
          })
          .using((success, message, error) -> {
            if (current != EngineRun.this) {
              return;
            }
            streaming = false;
            if (!success && running) {
              lastError = error != null ? error : new IllegalStateException(message);
              log.warn("outbox relay engine for {} stopped: {}", db.database(), message, error);
            }
          })
          .notifying(new BatchPublisher(outboxTopic, producer, deleter, hooks, relayedCounter, clock, this))
          .build();
      engine = e;
      if (!retired) {
        e.run();
      }
    }

    void retire() {
      retired = true;
    }

    /**
     * Asks Debezium to close until it accepts (it refuses while the task starts) or the bound
     * passes; runs on the closer thread.
     */
    void requestClose(Duration bound) {
      Instant giveUpAt = clock.instant().plus(bound);
      while (thread.isAlive() && clock.instant().isBefore(giveUpAt)) {
        DebeziumEngine<?> e = engine;
        if (e != null) {
          try {
            hooks.closeEngine(e);
            return;
          } catch (IllegalStateException refused) {
            log.debug("engine #{} refused to close yet: {}", generation, refused.getMessage());
          } catch (InterruptedException interrupted) {
            return;
          } catch (Exception ex) {
            log.warn("closing engine #{} of the outbox relay for {} failed: {}", generation,
                db.database(), ex.toString());
            return;
          }
        }
        try {
          thread.join(200);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }

    /** Live threads the engine started (shared pools born here by chance are not the engine's). */
    List<String> liveThreadNames() {
      Thread[] threads = new Thread[group.activeCount() + 16];
      int n = group.enumerate(threads, true);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = threads[i].getName();
        if (threads[i].isAlive() && !isSharedPoolThread(name)) {
          names.add(name);
        }
      }
      return names;
    }

    /**
     * Stops the connector task on a thread outside the engine's group (never interrupted by the
     * relay). Debezium's task stop runs again in full when called again, which is what shuts the
     * coordinator's and the signal processor's executors down after a stop that was broken off;
     * {@code runWithTask} is the engine's only handle on its tasks.
     */
    void stopTaskDirectly() {
      Thread running = taskStopper;
      if (!(engine instanceof AsyncEmbeddedEngine<?> async)
          || (running != null && running.isAlive())) {
        return;
      }
      Thread stopper = new Thread(() -> {
        try {
          async.runWithTask(SourceTask::stop);
        } catch (RuntimeException e) {
          log.debug("stopping the task of given-up engine #{}: {}", generation, e.toString());
        }
      }, "outbox-relay-task-stopper-" + db.identifier());
      stopper.setDaemon(true);
      taskStopper = stopper;
      stopper.start();
    }

    void interruptThreads() {
      Thread[] threads = new Thread[group.activeCount() + 16];
      int n = group.enumerate(threads, true);
      for (int i = 0; i < n; i++) {
        if (!isSharedPoolThread(threads[i].getName())) {
          threads[i].interrupt();
        }
      }
    }
  }

  /**
   * Threads of JVM-wide pools that happened to be started from an engine thread (the service's
   * connection pool grows when the batch handler asks it for a connection, the common fork-join
   * pool, the JDBC driver's timer and cleaner): they belong to the application, not the engine.
   */
  static boolean isSharedPoolThread(String name) {
    return name.startsWith("ForkJoinPool") || name.startsWith("PostgreSQL-JDBC")
        || name.contains(":connection-") || name.endsWith(":housekeeper");
  }
}
