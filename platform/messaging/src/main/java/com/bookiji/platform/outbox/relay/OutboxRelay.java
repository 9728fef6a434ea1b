package com.bookiji.platform.outbox.relay;

import com.bookiji.platform.lifecycle.Crashable;
import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Streams the {@code outbox} table to Kafka with Debezium embedded (pgoutput logical replication).
 * The Spring-facing lifecycle of the relay: it composes {@link RelayLeadership} (who relays),
 * {@link RelayStream} (one engine run at a time, restarted with backoff, closed and verified gone)
 * and {@link OutboxBacklog} (what is not yet relayed) on one supervisor thread, and answers what
 * health and tests ask.
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
public class OutboxRelay implements SmartLifecycle, Crashable {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final RelayDatabase db;
  private final MessagingProperties.Relay settings;
  private final Clock clock;
  private final String slotName;
  private final String relayName;
  private final OutboxBacklog backlog;
  private final RelayedRowDeleter deleter;
  private final SlotGuard slotGuard;
  private final RelayLeadership leadership;
  private final RelayStream stream;

  private final Object lifecycleMonitor = new Object();
  private volatile boolean running;
  private volatile boolean crashed;
  private volatile Thread supervisor;

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
    this.settings = settings;
    this.clock = clock;
    this.slotName = settings.getSlotName() != null ? settings.getSlotName()
        : "bookiji_outbox_" + db.identifier();
    this.relayName = slotName;
    RelayMeters relayMeters = new RelayMeters(meters, db.database());
    this.backlog = new OutboxBacklog(dataSource, settings.getTable(), clock, meters, db.database());
    this.deleter = new RelayedRowDeleter(dataSource, settings.getTable(),
        settings.getDeleteRetryBound(), clock, meters, db.database());
    StrandedRowRecovery recovery = new StrandedRowRecovery(dataSource, settings.getTable(),
        slotName, relayName, settings.getStrandedAfter(), deleter, meters, db.database());
    this.slotGuard = new SlotGuard(dataSource, slotName, db.username(), clock, meters,
        db.database());
    RelayRunState runState = new RelayRunState() {
      @Override
      public boolean running() { return running; }

      @Override
      public boolean crashed() { return crashed; }
    };
    this.leadership = new RelayLeadership(db, settings, slotName, runState, clock, relayMeters);
    this.stream = new RelayStream(db, settings, producerConfig, clock, relayMeters, hooks,
        runState, leadership, slotGuard, recovery, deleter, this::engineProperties, slotName,
        topicPrefix());
    relayMeters.gauge("bookiji.outbox.relay.active",
        "1 when this instance holds the relay lock and streams", this, r -> r.isStreaming() ? 1 : 0);
    // A refused bookiji.outbox.relay.debezium key stops the service at startup, not its first engine.
    engineProperties();
  }

  private String topicPrefix() {
    return "outbox_relay_" + db.identifier();
  }

  public RelayRole role() { return leadership.role(); }

  /**
   * Change events are flowing: this instance holds the lock, its engine polls and delivered a batch
   * (events or a heartbeat) recently, and the oldest outbox row is younger than
   * {@code max-backlog-age}.
   */
  public boolean isStreaming() { return notStreamingReason().isEmpty(); }

  /** Why this instance is not streaming, or empty when it is. */
  public Optional<String> notStreamingReason() {
    RelayRole role = leadership.role();
    if (role != RelayRole.ACTIVE) {
      return Optional.of("role " + role);
    }
    int failures = stream.consecutiveFailures();
    if (!stream.streaming()) {
      Throwable error = stream.lastError();
      return Optional.of(failures == 0 ? "engine starting"
          : "engine restart loop: " + failures + " run(s) in a row ended without delivering"
              + (error == null ? "" : "; last error: " + error));
    }
    Instant last = stream.lastBatchAt();
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
    return leadership.isActive() && !stream.streaming() && stream.consecutiveFailures() == 0;
  }

  public int consecutiveEngineFailures() { return stream.consecutiveFailures(); }

  public long engineRestartCount() { return stream.restartCount(); }

  public SlotGuard slotGuard() { return slotGuard; }

  public long stepDownCount() { return leadership.stepDownCount(); }

  /** Heartbeats arrive every heartbeat interval while idle; three missed ones mean a stall. */
  private Duration eventSilenceLimit() {
    Duration three = settings.getHeartbeatInterval().multipliedBy(3);
    return three.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : three;
  }

  public Throwable lastError() { return stream.lastError(); }

  public Instant activeSince() { return leadership.activeSince(); }

  public String slotName() { return slotName; }

  public long relayedCount() { return stream.relayedCount(); }

  public OutboxBacklog backlog() { return backlog; }

  public RelayedRowDeleter deleter() { return deleter; }

  /** Names of live threads of engines this relay gave up on; empty when every close was verified. */
  public List<String> leftoverEngineThreads() { return stream.leftoverEngineThreads(); }

  /** When the engine that runs now was started; empty when none runs. */
  public Optional<Instant> currentEngineStartedAt() { return stream.currentEngineStartedAt(); }

  /** Engines ended by the relay because their close did not finish in time. */
  public long forcedCloseCount() { return stream.forcedCloseCount(); }

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
  @Override
  public void crash() {
    synchronized (lifecycleMonitor) {
      // Marked before the teardown: the supervisor and the engine then read the lost lock and the
      // failing producer as a crash (acknowledge nothing, release nothing), not as a lost lease.
      crashed = true;
      running = false;
      leadership.abort();
      stream.abortProducer();
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

  /** One tick per engine run or lock bid, until the relay stops. */
  private void supervise() {
    while (running) {
      boolean engineRan = false;
      try {
        if (leadership.steppedDown()) {
          leadership.standBy();
        } else if (tryLock()) {
          if (leadership.becomeActive()) {
            stream.resetRestartBackoff();
          }
          engineRan = true;
          stream.streamWhileHoldingLock();
        } else {
          leadership.standBy();
        }
      } catch (Exception e) {
        stream.recordError(e);
        log.warn("outbox relay for {}: {}", db.database(), e.toString());
      }
      if (running && engineRan && leadership.isActive()) {
        Duration pause = stream.nextRestartPause();
        if (stream.consecutiveFailures() >= settings.getStepDownAfterFailures()) {
          leadership.stepDown(stream.consecutiveFailures(), stream.lastError());
        } else {
          stream.restartingAfter(pause);
          leadership.pauseHoldingLock(pause);
        }
      } else if (running) {
        leadership.awaitNextBid();
      }
    }
    stream.stopped();
    leadership.stopped();
  }

  private boolean tryLock() {
    try {
      return leadership.tryAcquire();
    } catch (SQLException e) {
      stream.recordError(e);
      return false;
    }
  }

  Properties engineProperties() {
    return RelayEngineProperties.of(db, settings, relayName, slotName, topicPrefix());
  }
}
