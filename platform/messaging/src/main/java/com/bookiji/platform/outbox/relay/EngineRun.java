package com.bookiji.platform.outbox.relay;

import io.debezium.embedded.Connect;
import io.debezium.embedded.async.AsyncEmbeddedEngine;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Debezium engine: built and run on a thread of its own thread group, so every thread the
 * engine and its connector task start (Debezium names them after the relay, not the engine, and
 * they are born in the group of the thread that starts them) can be found and checked after it
 * is closed. What its callbacks mean for the relay is {@link Events}' to decide ({@link RelayStream}
 * ignores those of a run that is no longer its current one).
 */
final class EngineRun implements BatchPublisher.EngineRunState {

  private static final Logger log = LoggerFactory.getLogger(EngineRun.class);

  /** What an engine run reports to the relay. */
  interface Events {

    void pollingStarted(EngineRun run);

    void pollingStopped(EngineRun run);

    /** The engine ended; {@code success} false with Debezium's message and error when it failed. */
    void ended(EngineRun run, boolean success, String message, Throwable error);

    /** See {@link BatchPublisher.EngineRunState#delivered(Instant)}. */
    void delivered(EngineRun run, Instant deliveredUpTo);

    /** See {@link BatchPublisher.EngineRunState#crashing()}. */
    boolean crashing();
  }

  final long generation;
  final Instant startedAt;
  /** The database's clock when this engine started: its connections are not older. */
  final Instant databaseStartedAt;
  private final String database;
  private final String identifier;
  private final Properties engineProperties;
  private final RelayHooks hooks;
  private final Clock clock;
  private final Events events;
  private final Function<BatchPublisher.EngineRunState, BatchPublisher> publisher;
  private final ThreadGroup group;
  private final Thread thread;
  private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private volatile boolean retired;
  private volatile Thread taskStopper;

  EngineRun(long generation, RelayDatabase db, Instant databaseStartedAt,
      Properties engineProperties, RelayHooks hooks, Clock clock, Events events,
      Function<BatchPublisher.EngineRunState, BatchPublisher> publisher) {
    this.generation = generation;
    this.startedAt = clock.instant();
    this.databaseStartedAt = databaseStartedAt;
    this.database = db.database();
    this.identifier = db.identifier();
    this.engineProperties = engineProperties;
    this.hooks = hooks;
    this.clock = clock;
    this.events = events;
    this.publisher = publisher;
    this.group = new ThreadGroup("outbox-relay-engine-" + identifier + "-" + generation);
    this.thread = new Thread(group, this::buildAndRun, "outbox-relay-engine-" + identifier);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean isAlive() {
    return thread.isAlive();
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  @Override
  public boolean givenUp() {
    return retired;
  }

  @Override
  public boolean crashing() {
    return events.crashing();
  }

  @Override
  public void delivered(Instant deliveredUpTo) {
    events.delivered(this, deliveredUpTo);
  }

  @Override
  public String description() {
    return "engine #" + generation + " of the outbox relay for " + database;
  }

  private void buildAndRun() {
    DebeziumEngine<RecordChangeEvent<SourceRecord>> e = DebeziumEngine
        .create(ChangeEventFormat.of(Connect.class))
        .using(engineProperties)
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
            events.pollingStarted(EngineRun.this);
          }

          @Override
          public void pollingStopped() {
            events.pollingStopped(EngineRun.this);
          }
        })
        .using((success, message, error) -> events.ended(this, success, message, error))
        .notifying(publisher.apply(this))
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
              database, ex.toString());
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
    }, "outbox-relay-task-stopper-" + identifier);
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
