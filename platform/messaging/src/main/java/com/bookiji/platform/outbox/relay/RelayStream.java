package com.bookiji.platform.outbox.relay;

import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import io.micrometer.core.instrument.Counter;
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
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * The stream while this instance leads: one Debezium engine run at a time — started (after the
 * slot is freed and stranded rows are accounted for), watched while the lock holds, restarted with
 * backoff, closed and verified gone — and what the current run reports (streaming, delivered up
 * to when, the last error). Runs on {@link OutboxRelay}'s supervisor thread.
 */
final class RelayStream implements EngineRun.Events {

  private static final Logger log = LoggerFactory.getLogger(RelayStream.class);

  private final RelayDatabase db;
  private final MessagingProperties.Relay settings;
  private final Map<String, Object> producerConfig;
  private final Clock clock;
  private final RelayMeters meters;
  private final RelayHooks hooks;
  private final RelayRunState run;
  private final RelayLeadership leadership;
  private final SlotGuard slotGuard;
  private final StrandedRowRecovery recovery;
  private final RelayedRowDeleter deleter;
  private final Supplier<Properties> engineProperties;
  private final String slotName;
  private final String topicPrefix;
  private final String outboxTopic;
  private final Counter relayed;
  private final RestartBackoff restartBackoff;
  private final Counter engineRestarts;
  private final Counter forcedCloses;

  private volatile boolean streaming;
  private volatile Throwable lastError;
  /** When the engine last delivered a batch (change events or heartbeats) or started polling. */
  private volatile Instant lastBatchAt;
  /** Commit time the stream has delivered up to (or the time of a batch of heartbeats only). */
  private volatile Instant streamedUpTo;
  private Instant nextSweepAt;
  private volatile KafkaProducer<String, byte[]> producer;
  /** The engine this relay runs now; callbacks of any other (given-up) engine change nothing. */
  private volatile EngineRun current;
  private long engineGenerations;
  /** Engines given up on whose threads had not all ended when last checked. */
  private final List<EngineRun> leftovers = new CopyOnWriteArrayList<>();

  RelayStream(RelayDatabase db, MessagingProperties.Relay settings,
      Map<String, Object> producerConfig, Clock clock, RelayMeters meters, RelayHooks hooks,
      RelayRunState run, RelayLeadership leadership, SlotGuard slotGuard,
      StrandedRowRecovery recovery, RelayedRowDeleter deleter,
      Supplier<Properties> engineProperties, String slotName, String topicPrefix) {
    this.db = db;
    this.settings = settings;
    this.producerConfig = new HashMap<>(producerConfig);
    this.clock = clock;
    this.meters = meters;
    this.hooks = hooks;
    this.run = run;
    this.leadership = leadership;
    this.slotGuard = slotGuard;
    this.recovery = recovery;
    this.deleter = deleter;
    this.engineProperties = engineProperties;
    this.slotName = slotName;
    this.topicPrefix = topicPrefix;
    this.outboxTopic = topicPrefix + "." + settings.getTable();
    this.relayed = meters.counter("bookiji.outbox.relayed",
        "outbox messages published to Kafka by this instance's relay");
    this.restartBackoff = new RestartBackoff(settings.getLockRetryInterval(),
        settings.getEngineRestartMaxBackoff(), new SplittableRandom());
    this.engineRestarts = meters.counter("bookiji.outbox.relay.engine.restarts",
        "Debezium engine restarts after the engine stopped while this instance held the lock");
    meters.gauge("bookiji.outbox.relay.engine.consecutive_failures",
        "engine runs in a row that ended without delivering a batch (0 while streaming)",
        restartBackoff, RestartBackoff::consecutiveFailures);
    this.forcedCloses = meters.counter("bookiji.outbox.relay.engine.forced_closes",
        "engines whose close did not finish within slot-release-timeout and were ended by the relay");
    meters.gauge("bookiji.outbox.relay.engine.leftover_threads",
        "live threads of engines this relay gave up on (0 when every close was verified)",
        this, s -> s.leftoverEngineThreads().size());
  }

  boolean streaming() { return streaming; }

  Instant lastBatchAt() { return lastBatchAt; }

  Throwable lastError() { return lastError; }

  void recordError(Throwable error) {
    lastError = error;
  }

  long relayedCount() { return (long) relayed.count(); }

  long restartCount() { return (long) engineRestarts.count(); }

  long forcedCloseCount() { return (long) forcedCloses.count(); }

  int consecutiveFailures() { return restartBackoff.consecutiveFailures(); }

  /** This instance just became the active relay: its engine starts without a pause. */
  void resetRestartBackoff() {
    restartBackoff.reset();
  }

  /** The engine ended while the lock is held: one more failure, and the pause before the next. */
  Duration nextRestartPause() {
    return restartBackoff.next();
  }

  void restartingAfter(Duration pause) {
    engineRestarts.increment();
    log.warn("outbox relay for {}: engine ended while holding the lock ({} in a row); "
        + "restarting in {} ms", db.database(), restartBackoff.consecutiveFailures(),
        pause.toMillis());
  }

  /** The supervisor ended: nothing streams any more. */
  void stopped() {
    streaming = false;
  }

  /** Part of a crash: the producer dies at once, so nothing in flight is acknowledged. */
  void abortProducer() {
    KafkaProducer<String, byte[]> p = producer;
    if (p != null) {
      p.close(Duration.ZERO);
    }
  }

  /** Names of live threads of engines this relay gave up on; empty when every close was verified. */
  List<String> leftoverEngineThreads() {
    List<String> names = new ArrayList<>();
    leftovers.forEach(given -> names.addAll(given.liveThreadNames()));
    return names;
  }

  Optional<Instant> currentEngineStartedAt() {
    EngineRun now = current;
    return now == null ? Optional.empty() : Optional.of(now.startedAt);
  }

  /**
   * Runs one engine while this instance holds the lock: returns when the engine ended, the lock
   * was lost (then leadership is told) or the relay stops; the engine is closed and verified gone
   * in every case.
   */
  void streamWhileHoldingLock() throws InterruptedException, SQLException {
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
    MicrometerProducerListener<String, byte[]> producerMetrics =
        new MicrometerProducerListener<>(meters.registry());
    producerMetrics.producerAdded(metricsId, p);
    producer = p;
    EngineRun engine = new EngineRun(++engineGenerations, db, slotGuard.databaseNow(),
        engineProperties.get(), hooks, clock, this,
        state -> new BatchPublisher(outboxTopic, p, deleter, hooks, relayed, clock, state));
    current = engine;
    engine.start();
    boolean lockLost = false;
    try {
      while (run.running() && engine.isAlive()) {
        engine.join(settings.getLockRetryInterval().toMillis());
        if (leadership.holds()) {
          sweepStrandedRowsWhenDue(p);
          reapLeftovers();
        } else {
          lockLost = true;
          if (!run.crashed()) {
            log.error("outbox relay for {} lost its lock connection: stopping the engine", db.database());
          }
          break;
        }
      }
    } finally {
      closeEngine(engine);
      p.close(run.crashed() ? Duration.ZERO : Duration.ofSeconds(5));
      producerMetrics.producerRemoved(metricsId, p);
      producer = null;
      streaming = false;
      if (lockLost) {
        leadership.lost();
      }
    }
  }

  @Override
  public void pollingStarted(EngineRun engine) {
    if (current == engine) {
      lastBatchAt = clock.instant();
      streaming = true;
    }
  }

  @Override
  public void pollingStopped(EngineRun engine) {
    if (current == engine) {
      streaming = false;
    }
  }

  @Override
  public void ended(EngineRun engine, boolean success, String message, Throwable error) {
    if (current != engine) {
      return;
    }
    streaming = false;
    if (!success && run.running()) {
      lastError = error != null ? error : new IllegalStateException(message);
      log.warn("outbox relay engine for {} stopped: {}", db.database(), message, error);
    }
  }

  @Override
  public void delivered(EngineRun engine, Instant deliveredUpTo) {
    if (current != engine) {
      return;
    }
    lastBatchAt = clock.instant();
    restartBackoff.reset();
    if (deliveredUpTo != null) {
      streamedUpTo = deliveredUpTo;
    }
  }

  @Override
  public boolean crashing() {
    return run.crashed();
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
  private void closeEngine(EngineRun engine) throws InterruptedException {
    // Retired first: a batch it starts from now on is refused instead of published and committed.
    engine.retire();
    if (current == engine) {
      current = null;
    }
    Duration bound = settings.getSlotReleaseTimeout();
    Thread closer = new Thread(() -> engine.requestClose(bound), "outbox-relay-closer-" + db.identifier());
    closer.setDaemon(true);
    closer.start();
    if (awaitGone(engine, bound) && slotReleased(engine, bound)) {
      return;
    }
    forcedCloses.increment();
    log.error("outbox relay for {}: engine #{} did not stop within {} (threads still running: {}); "
        + "ending its connections and interrupting its threads", db.database(), engine.generation,
        bound, engine.liveThreadNames());
    closer.interrupt();
    endConnectionsOfGivenUpEngine(null);
    engine.interruptThreads();
    engine.stopTaskDirectly();
    if (!awaitGone(engine, bound)) {
      leftovers.add(engine);
      log.error("outbox relay for {}: threads of engine #{} still run after it was ended: {}",
          db.database(), engine.generation, engine.liveThreadNames());
    }
  }

  /** Waits up to {@code bound} for the engine's threads to end, renewing the lease meanwhile. */
  private boolean awaitGone(EngineRun engine, Duration bound) throws InterruptedException {
    Instant giveUpAt = clock.instant().plus(bound);
    while (clock.instant().isBefore(giveUpAt)) {
      if (engine.liveThreadNames().isEmpty()) {
        return true;
      }
      engine.join(100);
      if (!run.crashed()) {
        leadership.holds(); // renews the lease while Debezium takes its time
      }
    }
    return engine.liveThreadNames().isEmpty();
  }

  /**
   * Still the lock holder: the closed engine's replication connection must really be gone, or it
   * keeps the slot busy and every later engine fails to start.
   */
  private boolean slotReleased(EngineRun engine, Duration bound) {
    if (run.crashed() || !leadership.holds()) {
      return true; // not ours to judge any more: the next holder's SlotGuard takes the slot over
    }
    try {
      slotGuard.ensureReleased(bound);
      return true;
    } catch (SQLException | RuntimeException ex) {
      lastError = ex;
      log.warn("outbox relay for {}: cannot verify engine #{} released slot {}: {}",
          db.database(), engine.generation, slotName, ex.toString());
      return false;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void endConnectionsOfGivenUpEngine(Instant openedBefore) {
    if (run.crashed() || !leadership.holds()) {
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
    for (EngineRun given : leftovers) {
      if (given.liveThreadNames().isEmpty()) {
        leftovers.remove(given);
        log.info("outbox relay for {}: every thread of given-up engine #{} has ended",
            db.database(), given.generation);
      } else {
        anyLeft = true;
        given.interruptThreads();
        given.stopTaskDirectly();
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
          new javax.management.ObjectName("debezium.postgres:server=" + topicPrefix + ",*"),
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
}
